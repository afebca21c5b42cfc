-- Numeric variables binned in the variable rollups (issue #14: bill values and the like read the rollups too).
-- A variable that passes its site's level cap (settings.rollupLevelCap, default 50) with numeric values
-- (src/store/plan/variable-bins.ts) is counted per bin instead of turning scan only: its cut points are
-- chosen once, from the values counted up to then, and kept here; its var_rollups levels become '#0', '#1'…
-- (the bins in order), '#unparseable' (text no number reads from) and 'null' (no value). Recounts keep them.
-- Variables that went scan only before this migration stay so until the site is recounted
-- (Store.rebuildVariableRollups), which bins the numeric ones.
CREATE TABLE rollup_bins (
  site     TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  variable TEXT NOT NULL,
  -- JSON array of the finite cut points, ascending: bins (−∞, e₁), [e₁, e₂) … [eₖ, +∞)
  edges    TEXT NOT NULL,
  PRIMARY KEY (site, variable)
) STRICT, WITHOUT ROWID;
