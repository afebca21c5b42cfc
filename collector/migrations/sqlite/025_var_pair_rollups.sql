-- Pairwise variable rollups (issue #14: multivariable drivers under 200 ms at ten million responses a year).
-- The model's X'X needs, for two variables, how many respondents have each pair of their levels; the variable
-- rollups cross one variable with survey, touchpoint and channel only. Per day, survey and scored question (its
-- type at arrival), how many respondents have level `level_a` of `variable_a` and `level_b` of `variable_b`
-- (JSON text as in var_rollups, never 'null': absent values are derived from the margins; `variable_a` sorts
-- before `variable_b`). Kept by the write plan (src/store/plan/variable-rollup.ts) with var_rollups, for the
-- variables of pair_variables only, and only while both are rolled up with their own levels (a variable
-- binned or made scan only loses its rows). No touchpoint, channel or answer value: the margins carry those.
CREATE TABLE var_pair_rollups (
  site       TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  day        TEXT NOT NULL,
  survey     TEXT NOT NULL,
  question   TEXT NOT NULL,
  qtype      TEXT NOT NULL,
  variable_a TEXT NOT NULL,
  level_a    TEXT NOT NULL,
  variable_b TEXT NOT NULL,
  level_b    TEXT NOT NULL,
  count      INTEGER NOT NULL,
  PRIMARY KEY (site, day, survey, question, qtype, variable_a, level_a, variable_b, level_b)
) STRICT, WITHOUT ROWID;

-- The variables of a site with a present value so far, and whether the pairwise rollups cross them
-- (`crossed`): the first MAX_PAIR_VARIABLES seen there rolled up with their own levels are, for good (so a
-- variable has pair rows for every response since the site's recount, or none). A variable without a row has
-- had no value yet: no pairs to count.
CREATE TABLE pair_variables (
  site     TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  variable TEXT NOT NULL,
  crossed  INTEGER NOT NULL,
  PRIMARY KEY (site, variable)
) STRICT, WITHOUT ROWID;

-- Responses stored before this migration are counted by the recount of the variable rollups
-- (Store.rebuildVariableRollups), which now rebuilds these rows too; reads scan meanwhile.
INSERT OR IGNORE INTO variable_rollups_pending (site) SELECT DISTINCT site FROM responses;
