-- Rollups kept current on every write, so that scores by touchpoint, channel and day and the trend read
-- a few thousand pre-counted rows instead of scanning every response. The write path
-- (src/store/sqlite/rollups.ts) adds a response's contributions when it is created, swaps them when a
-- partial response is completed, and takes them away when a response is deleted; which answers count is
-- decided there, in one function. Counts at zero are kept; readers skip them.

-- Scale and thumbs answers: how many respondents gave `value` to `question` per day (UTC, of created_at),
-- survey, touchpoint and channel. `qtype` is the question's type when the answer was first counted.
CREATE TABLE score_rollups (
  site       TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  day        TEXT NOT NULL,          -- 'YYYY-MM-DD', UTC
  survey     TEXT NOT NULL,
  touchpoint TEXT NOT NULL,
  channel    TEXT NOT NULL,
  question   TEXT NOT NULL,
  qtype      TEXT,                   -- nps, csat, ces, smiley, thumbs (null: question not in its survey)
  value      INTEGER NOT NULL,
  count      INTEGER NOT NULL,
  PRIMARY KEY (site, day, survey, touchpoint, channel, question, value)
) STRICT, WITHOUT ROWID;

-- Answered responses and impressions per day, survey, touchpoint, channel and trigger ('' = none), for
-- response rates.
CREATE TABLE response_counts (
  site        TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  day         TEXT NOT NULL,
  survey      TEXT NOT NULL,
  touchpoint  TEXT NOT NULL,
  channel     TEXT NOT NULL,
  trigger     TEXT NOT NULL,
  answered    INTEGER NOT NULL,
  impressions INTEGER NOT NULL,
  PRIMARY KEY (site, day, survey, touchpoint, channel, trigger)
) STRICT, WITHOUT ROWID;

-- Backfill from what is stored already (the same rules as rollups.ts: integer answers count; a response
-- with at least one answer is answered).
WITH types AS (
  SELECT s.site, s.id AS survey, q.value ->> '$.id' AS question, q.value ->> '$.type' AS qtype
  FROM surveys s, json_each(s.definition, '$.questions') q
)
INSERT INTO score_rollups (site, day, survey, touchpoint, channel, question, qtype, value, count)
SELECT r.site, substr(r.created_at, 1, 10) AS day, r.survey, r.touchpoint, r.channel, a.key, t.qtype, a.value, count(*)
FROM responses r
JOIN json_each(r.answers) a
LEFT JOIN types t ON t.site = r.site AND t.survey = r.survey AND t.question = a.key
WHERE a.type = 'integer'
GROUP BY r.site, day, r.survey, r.touchpoint, r.channel, a.key, a.value;

INSERT INTO response_counts (site, day, survey, touchpoint, channel, trigger, answered, impressions)
SELECT site, substr(created_at, 1, 10), survey, touchpoint, channel, coalesce(trigger, ''), count(*), 0
FROM responses
WHERE answers <> '{}'
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO response_counts (site, day, survey, touchpoint, channel, trigger, answered, impressions)
SELECT site, substr(created_at, 1, 10), survey, touchpoint, channel, coalesce(trigger, ''), 0, count(*)
FROM events
WHERE type = 'impression'
GROUP BY 1, 2, 3, 4, 5, 6
ON CONFLICT DO UPDATE SET impressions = impressions + excluded.impressions;
