-- Answers keep the type they were given under (issue #14), as migrations/sqlite/010_answer_types.sql: a
-- survey with answers is archived, not deleted, and each question's type is kept as a history, so an answer
-- counts as the type its question had when the response first arrived (received_at).

-- Set when a survey with answers was deleted: it is no longer listed or served; its answers keep counting.
ALTER TABLE surveys ADD COLUMN archived_at iso_time;

-- The type of a question from `since` on (a received_at; '' = from the start) until the next row's `since`.
CREATE TABLE question_types (
  site     text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  survey   text COLLATE "C" NOT NULL,
  question text COLLATE "C" NOT NULL,
  since    iso_time NOT NULL,
  qtype    text NOT NULL,
  PRIMARY KEY (site, survey, question, since)
);

INSERT INTO question_types (site, survey, question, since, qtype)
SELECT s.site, s.id, q ->> 'id', '', q ->> 'type'
FROM surveys s, jsonb_array_elements(s.definition -> 'questions') q
ON CONFLICT DO NOTHING;

-- Questions of surveys deleted before this migration: the type their rollups were counted under.
INSERT INTO question_types (site, survey, question, since, qtype)
SELECT DISTINCT ON (site, survey, question) site, survey, question, '', qtype
FROM score_rollups WHERE qtype IS NOT NULL
ORDER BY site, survey, question, qtype
ON CONFLICT DO NOTHING;

-- score_rollups keyed by type too: an answer counted as CSAT 5 never merges with a later CES 5 of the same
-- question. '' = a question not in its survey.
UPDATE score_rollups SET qtype = '' WHERE qtype IS NULL;
ALTER TABLE score_rollups ALTER COLUMN qtype SET NOT NULL;
ALTER TABLE score_rollups DROP CONSTRAINT score_rollups_pkey;
ALTER TABLE score_rollups ADD PRIMARY KEY (site, day, survey, touchpoint, channel, question, qtype, value);
