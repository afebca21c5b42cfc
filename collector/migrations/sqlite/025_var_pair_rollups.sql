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

-- The variable rollups without the answer value (the multivariable model counts each variable's levels by
-- survey, touchpoint and channel, its answers come from var_level_rollups): an NPS question's eleven values
-- summed into one row, a fraction of the rows to group. Kept by triggers on var_rollups, as var_level_rollups
-- (migration 024), so every write path that changes var_rollups changes these rows alike.
CREATE TABLE var_cell_rollups (
  site       TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  variable   TEXT NOT NULL,
  day        TEXT NOT NULL,
  survey     TEXT NOT NULL,
  touchpoint TEXT NOT NULL,
  channel    TEXT NOT NULL,
  question   TEXT NOT NULL,
  qtype      TEXT NOT NULL,
  level      TEXT NOT NULL,
  count      INTEGER NOT NULL,
  PRIMARY KEY (site, variable, day, survey, touchpoint, channel, question, qtype, level)
) STRICT, WITHOUT ROWID;

INSERT INTO var_cell_rollups
  SELECT site, variable, day, survey, touchpoint, channel, question, qtype, level, sum(count) FROM var_rollups
  GROUP BY site, variable, day, survey, touchpoint, channel, question, qtype, level;

CREATE TRIGGER var_rollups_cell_insert AFTER INSERT ON var_rollups BEGIN
  INSERT INTO var_cell_rollups VALUES (NEW.site, NEW.variable, NEW.day, NEW.survey, NEW.touchpoint, NEW.channel,
    NEW.question, NEW.qtype, NEW.level, NEW.count) ON CONFLICT DO UPDATE SET count = count + excluded.count;
END;
-- An upsert's DO UPDATE changes the count only: one update of the same key.
CREATE TRIGGER var_rollups_cell_count AFTER UPDATE ON var_rollups
WHEN NEW.site = OLD.site AND NEW.variable = OLD.variable AND NEW.day = OLD.day AND NEW.survey = OLD.survey
  AND NEW.touchpoint = OLD.touchpoint AND NEW.channel = OLD.channel AND NEW.question = OLD.question
  AND NEW.qtype = OLD.qtype AND NEW.level = OLD.level
BEGIN
  UPDATE var_cell_rollups SET count = count + NEW.count - OLD.count WHERE site = NEW.site
    AND variable = NEW.variable AND day = NEW.day AND survey = NEW.survey AND touchpoint = NEW.touchpoint
    AND channel = NEW.channel AND question = NEW.question AND qtype = NEW.qtype AND level = NEW.level;
END;
-- Any other update moves the row's count from its old key to its new one.
CREATE TRIGGER var_rollups_cell_moved AFTER UPDATE ON var_rollups
WHEN NOT (NEW.site = OLD.site AND NEW.variable = OLD.variable AND NEW.day = OLD.day AND NEW.survey = OLD.survey
  AND NEW.touchpoint = OLD.touchpoint AND NEW.channel = OLD.channel AND NEW.question = OLD.question
  AND NEW.qtype = OLD.qtype AND NEW.level = OLD.level)
BEGIN
  UPDATE var_cell_rollups SET count = count - OLD.count WHERE site = OLD.site AND variable = OLD.variable
    AND day = OLD.day AND survey = OLD.survey AND touchpoint = OLD.touchpoint AND channel = OLD.channel
    AND question = OLD.question AND qtype = OLD.qtype AND level = OLD.level;
  INSERT INTO var_cell_rollups VALUES (NEW.site, NEW.variable, NEW.day, NEW.survey, NEW.touchpoint, NEW.channel,
    NEW.question, NEW.qtype, NEW.level, NEW.count) ON CONFLICT DO UPDATE SET count = count + excluded.count;
END;
CREATE TRIGGER var_rollups_cell_delete AFTER DELETE ON var_rollups BEGIN
  UPDATE var_cell_rollups SET count = count - OLD.count WHERE site = OLD.site AND variable = OLD.variable
    AND day = OLD.day AND survey = OLD.survey AND touchpoint = OLD.touchpoint AND channel = OLD.channel
    AND question = OLD.question AND qtype = OLD.qtype AND level = OLD.level;
END;
