-- Pairwise variable rollups, as migrations/sqlite/025_var_pair_rollups.sql (issue #14: multivariable drivers
-- from rollups with any number of variables). Per day, survey and scored question (its type at arrival), how
-- many respondents have level `level_a` of `variable_a` and `level_b` of `variable_b` (JSON text, never 'null';
-- `variable_a` sorts before `variable_b`), for the variables of pair_variables while both are rolled up with
-- their own levels. Kept by the write plan with var_rollups.
CREATE TABLE var_pair_rollups (
  site       text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  day        text COLLATE "C" NOT NULL,
  survey     text COLLATE "C" NOT NULL,
  question   text COLLATE "C" NOT NULL,
  qtype      text COLLATE "C" NOT NULL,
  variable_a text COLLATE "C" NOT NULL,
  level_a    text COLLATE "C" NOT NULL,
  variable_b text COLLATE "C" NOT NULL,
  level_b    text COLLATE "C" NOT NULL,
  count      integer NOT NULL,
  PRIMARY KEY (site, day, survey, question, qtype, variable_a, level_a, variable_b, level_b)
);

-- The variables of a site with a present value so far, and whether the pairwise rollups cross them
-- (`crossed`): the first MAX_PAIR_VARIABLES seen there rolled up with their own levels are, for good (so a
-- variable has pair rows for every response since the site's recount, or none). A variable without a row has
-- had no value yet: no pairs to count.
CREATE TABLE pair_variables (
  site     text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  variable text COLLATE "C" NOT NULL,
  crossed  integer NOT NULL,
  PRIMARY KEY (site, variable)
);

-- Responses stored before this migration are counted by the recount of the variable rollups
-- (Store.rebuildVariableRollups), which now rebuilds these rows too; reads scan meanwhile.
INSERT INTO variable_rollups_pending (site) SELECT DISTINCT site FROM responses ON CONFLICT DO NOTHING;
