-- Answers keep the type they were given under (issue #14). A survey with answers is archived, not deleted,
-- and the type of each question is kept as a history, so a type change never reinterprets old answers: an
-- answer counts as the type its question had when the response first arrived (received_at). The rollups
-- (src/store/sqlite/rollups.ts) and every scan read the type through that one rule.

-- Set when a survey with answers was deleted: it is no longer listed or served; its answers keep counting.
ALTER TABLE surveys ADD COLUMN archived_at TEXT;

-- The type of a question from `since` on (a received_at; '' = from the start) until the next row's `since`.
CREATE TABLE question_types (
  site     TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  survey   TEXT NOT NULL,
  question TEXT NOT NULL,
  since    TEXT NOT NULL,
  qtype    TEXT NOT NULL,
  PRIMARY KEY (site, survey, question, since)
) STRICT, WITHOUT ROWID;

INSERT INTO question_types (site, survey, question, since, qtype)
SELECT s.site, s.id, q.value ->> '$.id', '', q.value ->> '$.type'
FROM surveys s, json_each(s.definition, '$.questions') q;

-- Questions of surveys deleted before this migration: the type their rollups were counted under.
INSERT OR IGNORE INTO question_types (site, survey, question, since, qtype)
SELECT DISTINCT site, survey, question, '', qtype FROM score_rollups WHERE qtype IS NOT NULL;

-- score_rollups keyed by type too: an answer counted as CSAT 5 never merges with a later CES 5 of the same
-- question (the old key overwrote the type of the whole row). '' = a question not in its survey.
CREATE TABLE score_rollups_010 (
  site       TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  day        TEXT NOT NULL,
  survey     TEXT NOT NULL,
  touchpoint TEXT NOT NULL,
  channel    TEXT NOT NULL,
  question   TEXT NOT NULL,
  qtype      TEXT NOT NULL,
  value      INTEGER NOT NULL,
  count      INTEGER NOT NULL,
  PRIMARY KEY (site, day, survey, touchpoint, channel, question, qtype, value)
) STRICT, WITHOUT ROWID;

INSERT INTO score_rollups_010 (site, day, survey, touchpoint, channel, question, qtype, value, count)
SELECT site, day, survey, touchpoint, channel, question, coalesce(qtype, ''), value, count FROM score_rollups;

DROP TABLE score_rollups;
ALTER TABLE score_rollups_010 RENAME TO score_rollups;
