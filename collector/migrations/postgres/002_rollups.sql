-- Rollups kept current on every write (as migrations/sqlite/002_rollups.sql): scores by touchpoint, channel
-- and day and the trend read a few thousand pre-counted rows instead of scanning every response. The write
-- path (src/store/postgres/writes.ts) upserts them in the transaction that saves the responses.

-- Scale and thumbs answers: how many respondents gave `value` to `question` per day (UTC, of created_at),
-- survey, touchpoint and channel. `qtype` is the question's type when the answer was first counted.
CREATE TABLE score_rollups (
  site       text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  day        text COLLATE "C" NOT NULL, -- 'YYYY-MM-DD', UTC
  survey     text COLLATE "C" NOT NULL,
  touchpoint text COLLATE "C" NOT NULL,
  channel    text COLLATE "C" NOT NULL,
  question   text COLLATE "C" NOT NULL,
  qtype      text,                      -- nps, csat, ces, smiley, thumbs (null: question not in its survey)
  value      integer NOT NULL,
  count      integer NOT NULL,
  PRIMARY KEY (site, day, survey, touchpoint, channel, question, value)
);

-- Answered responses and impressions per day, survey, touchpoint, channel and trigger ('' = none).
CREATE TABLE response_counts (
  site        text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  day         text COLLATE "C" NOT NULL,
  survey      text COLLATE "C" NOT NULL,
  touchpoint  text COLLATE "C" NOT NULL,
  channel     text COLLATE "C" NOT NULL,
  trigger     text COLLATE "C" NOT NULL,
  answered    integer NOT NULL,
  impressions integer NOT NULL,
  PRIMARY KEY (site, day, survey, touchpoint, channel, trigger)
);

-- Backfill from what is stored already (the same rules as the write path: integer answers count; a
-- response with at least one answer is answered).
WITH types AS (
  SELECT s.site, s.id AS survey, q ->> 'id' AS question, q ->> 'type' AS qtype
  FROM surveys s, jsonb_array_elements(s.definition -> 'questions') q
)
INSERT INTO score_rollups (site, day, survey, touchpoint, channel, question, qtype, value, count)
SELECT r.site, substr(r.created_at, 1, 10), r.survey, r.touchpoint, r.channel, a.key, min(t.qtype),
  (a.value #>> '{}')::integer, count(*)
FROM responses r
CROSS JOIN jsonb_each(r.answers) a
LEFT JOIN types t ON t.site = r.site AND t.survey = r.survey AND t.question = a.key
WHERE jsonb_typeof(a.value) = 'number' AND (a.value #>> '{}') ~ '^-?\d+$'
GROUP BY r.site, substr(r.created_at, 1, 10), r.survey, r.touchpoint, r.channel, a.key, (a.value #>> '{}')::integer;

INSERT INTO response_counts (site, day, survey, touchpoint, channel, trigger, answered, impressions)
SELECT site, substr(created_at, 1, 10), survey, touchpoint, channel, coalesce(trigger, ''), count(*), 0
FROM responses
WHERE answers <> '{}'::jsonb
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO response_counts AS c (site, day, survey, touchpoint, channel, trigger, answered, impressions)
SELECT site, substr(created_at, 1, 10), survey, touchpoint, channel, coalesce(trigger, ''), 0, count(*)
FROM events
WHERE type = 'impression'
GROUP BY 1, 2, 3, 4, 5, 6
ON CONFLICT (site, day, survey, touchpoint, channel, trigger)
DO UPDATE SET impressions = c.impressions + excluded.impressions;
