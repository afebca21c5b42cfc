-- The variable rollups without touchpoint and channel (issue #14: the driver screen under 200 ms at ten million
-- responses a year). The screen and segments group a window's var_rollups rows by (variable, level, value);
-- SQLite groups with a sort, and at 1M responses a 90-day screen sorted ~236,000 rows (~150 of its ~190 ms of
-- CPU). Without touchpoint and channel in the key the same window holds a fraction of the rows. Kept by
-- triggers on var_rollups, so every write path that changes var_rollups (inserts, merges, flags, deletions,
-- erasure, retyping, a variable going scan only or binned, the recount) changes these rows alike; reads
-- filtered by touchpoint or channel still read var_rollups. SQLite only: PostgreSQL groups with a hash.
CREATE TABLE var_level_rollups (
  site     TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  variable TEXT NOT NULL,
  day      TEXT NOT NULL,
  survey   TEXT NOT NULL,
  question TEXT NOT NULL,
  qtype    TEXT NOT NULL,
  level    TEXT NOT NULL,
  value    INTEGER NOT NULL,
  count    INTEGER NOT NULL,
  PRIMARY KEY (site, variable, day, survey, question, qtype, level, value)
) STRICT, WITHOUT ROWID;

INSERT INTO var_level_rollups
  SELECT site, variable, day, survey, question, qtype, level, value, sum(count) FROM var_rollups
  GROUP BY site, variable, day, survey, question, qtype, level, value;

CREATE TRIGGER var_rollups_level_insert AFTER INSERT ON var_rollups BEGIN
  INSERT INTO var_level_rollups VALUES (NEW.site, NEW.variable, NEW.day, NEW.survey, NEW.question, NEW.qtype,
    NEW.level, NEW.value, NEW.count) ON CONFLICT DO UPDATE SET count = count + excluded.count;
END;
-- An upsert's DO UPDATE changes the count only: one update of the same key.
CREATE TRIGGER var_rollups_level_count AFTER UPDATE ON var_rollups
WHEN NEW.site = OLD.site AND NEW.variable = OLD.variable AND NEW.day = OLD.day AND NEW.survey = OLD.survey
  AND NEW.question = OLD.question AND NEW.qtype = OLD.qtype AND NEW.level = OLD.level AND NEW.value = OLD.value
BEGIN
  UPDATE var_level_rollups SET count = count + NEW.count - OLD.count WHERE site = NEW.site
    AND variable = NEW.variable AND day = NEW.day AND survey = NEW.survey AND question = NEW.question
    AND qtype = NEW.qtype AND level = NEW.level AND value = NEW.value;
END;
-- Any other update moves the row's count from its old key to its new one.
CREATE TRIGGER var_rollups_level_moved AFTER UPDATE ON var_rollups
WHEN NOT (NEW.site = OLD.site AND NEW.variable = OLD.variable AND NEW.day = OLD.day AND NEW.survey = OLD.survey
  AND NEW.question = OLD.question AND NEW.qtype = OLD.qtype AND NEW.level = OLD.level AND NEW.value = OLD.value)
BEGIN
  UPDATE var_level_rollups SET count = count - OLD.count WHERE site = OLD.site AND variable = OLD.variable
    AND day = OLD.day AND survey = OLD.survey AND question = OLD.question AND qtype = OLD.qtype
    AND level = OLD.level AND value = OLD.value;
  INSERT INTO var_level_rollups VALUES (NEW.site, NEW.variable, NEW.day, NEW.survey, NEW.question, NEW.qtype,
    NEW.level, NEW.value, NEW.count) ON CONFLICT DO UPDATE SET count = count + excluded.count;
END;
CREATE TRIGGER var_rollups_level_delete AFTER DELETE ON var_rollups BEGIN
  UPDATE var_level_rollups SET count = count - OLD.count WHERE site = OLD.site AND variable = OLD.variable
    AND day = OLD.day AND survey = OLD.survey AND question = OLD.question AND qtype = OLD.qtype
    AND level = OLD.level AND value = OLD.value;
END;
