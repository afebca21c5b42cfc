-- Variable rollups (issue #14: every dashboard view fast at ten million responses a year). Per day, survey,
-- touchpoint, channel and scored question (as score_rollups), how many respondents gave `value`, per
-- (variable, level): segments, single-variable `var.*` filters and the driver screen read these instead of
-- scanning the window. Kept by the write plan (src/store/plan/variable-rollup.ts) in the transaction that
-- saves the responses. `level` is the JSON text of the value ('"gold"', '2', 'true', 'null'); the columns
-- device and trigger are the variables '#device' and '#trigger'.
CREATE TABLE var_rollups (
  site       TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  day        TEXT NOT NULL,
  survey     TEXT NOT NULL,
  touchpoint TEXT NOT NULL,
  channel    TEXT NOT NULL,
  question   TEXT NOT NULL,
  qtype      TEXT NOT NULL,
  variable   TEXT NOT NULL,
  level      TEXT NOT NULL,
  value      INTEGER NOT NULL,
  count      INTEGER NOT NULL,
  PRIMARY KEY (site, variable, day, survey, touchpoint, channel, question, qtype, level, value)
) STRICT, WITHOUT ROWID;

-- The variables rolled up per site and how many levels each has; `scan_only` once they exceeded the cap
-- (MAX_ROLLUP_LEVELS): its var_rollups rows are gone and reads scan.
CREATE TABLE rollup_variables (
  site      TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  variable  TEXT NOT NULL,
  levels    INTEGER NOT NULL,
  scan_only INTEGER NOT NULL,
  PRIMARY KEY (site, variable)
) STRICT, WITHOUT ROWID;

-- The levels seen per rolled-up variable (what `levels` counts).
CREATE TABLE rollup_levels (
  site     TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  variable TEXT NOT NULL,
  level    TEXT NOT NULL,
  PRIMARY KEY (site, variable, level)
) STRICT, WITHOUT ROWID;

-- Sites whose responses predate this migration: their variable rollups are incomplete until
-- Store.rebuildVariableRollups has counted them (the recount); reads scan meanwhile.
CREATE TABLE variable_rollups_pending (
  site TEXT PRIMARY KEY REFERENCES sites(key) ON DELETE CASCADE
) STRICT;

INSERT INTO variable_rollups_pending (site) SELECT DISTINCT site FROM responses;
