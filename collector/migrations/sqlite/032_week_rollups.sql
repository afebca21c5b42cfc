-- Week rows beside the day rows (issue #14: every dashboard view under 200 ms at ten million responses a year).
-- SQLite groups with a sort, and a 90-day window of day rows is a large sort: at 1M responses a year the
-- six-variable model sorted ~111,000 pair rows (~130 ms), the leaderboard ~15,000 score rows twice. These tables
-- hold the same counts summed over each ISO week of the site's own days (`week` is the week's Monday, as
-- date(day, '-6 days', 'weekday 1') gives it), so a window reads its whole weeks here and only the other days
-- from the day rows: ~4x fewer rows for 90 days, ~7x for a year.
--
-- Only weeks before the horizon (week_rollup_horizon.monday) have rows here. A write to an earlier day (a late
-- kiosk upload, a merge or an erasure of an old response, a recount) changes the week row too, by triggers of
-- the same kind as 024's level rollups, so every write path keeps them equal; live traffic writes days after
-- the horizon, which the triggers skip on their WHEN clause (the horizon is a literal there), so it pays next
-- to nothing for the week rows. The triggers are created by src/store/sqlite/week-tier.ts after the
-- migrations, and again each time the writer moves the horizon on (once a week, summing the week that passed
-- it from its day rows in the same transaction). A count that drops to zero stays as a zero row, which every
-- read skips. PostgreSQL has the same tables since its own 032 (it hashes rather than sorts, but still reads
-- every row of a window).
CREATE TABLE week_rollup_horizon (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  monday TEXT NOT NULL
) STRICT;
-- The Monday of the week that holds the day before yesterday (UTC): every site's earlier weeks are over.
INSERT INTO week_rollup_horizon VALUES (1, date('now', '-2 days', '-6 days', 'weekday 1'));

-- score_rollups by week: the leaderboard, scores, quintiles, a weekly trend, the model's cells.
CREATE TABLE score_week_rollups (
  site       TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  week       TEXT NOT NULL,
  survey     TEXT NOT NULL,
  touchpoint TEXT NOT NULL,
  channel    TEXT NOT NULL,
  question   TEXT NOT NULL,
  qtype      TEXT NOT NULL,
  value      INTEGER NOT NULL,
  count      INTEGER NOT NULL,
  PRIMARY KEY (site, week, survey, touchpoint, channel, question, qtype, value)
) STRICT, WITHOUT ROWID;
INSERT INTO score_week_rollups (site, week, survey, touchpoint, channel, question, qtype, value, count)
  SELECT site, date(day, '-6 days', 'weekday 1'), survey, touchpoint, channel, question, qtype, value,
    sum(count)
  FROM score_rollups WHERE day < (SELECT monday FROM week_rollup_horizon) GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;

-- var_level_rollups by week (summed from var_rollups directly): segments, the driver screen, the model's margins.
CREATE TABLE var_level_week_rollups (
  site       TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  variable   TEXT NOT NULL,
  week       TEXT NOT NULL,
  survey     TEXT NOT NULL,
  question   TEXT NOT NULL,
  qtype      TEXT NOT NULL,
  level      TEXT NOT NULL,
  value      INTEGER NOT NULL,
  count      INTEGER NOT NULL,
  PRIMARY KEY (site, variable, week, survey, question, qtype, level, value)
) STRICT, WITHOUT ROWID;
INSERT INTO var_level_week_rollups (site, variable, week, survey, question, qtype, level, value, count)
  SELECT site, variable, date(day, '-6 days', 'weekday 1'), survey, question, qtype, level, value, sum(count)
  FROM var_rollups WHERE day < (SELECT monday FROM week_rollup_horizon) GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;

-- var_cell_rollups by week (from var_rollups directly): the model's levels by touchpoint and channel.
CREATE TABLE var_cell_week_rollups (
  site       TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  variable   TEXT NOT NULL,
  week       TEXT NOT NULL,
  survey     TEXT NOT NULL,
  touchpoint TEXT NOT NULL,
  channel    TEXT NOT NULL,
  question   TEXT NOT NULL,
  qtype      TEXT NOT NULL,
  level      TEXT NOT NULL,
  count      INTEGER NOT NULL,
  PRIMARY KEY (site, variable, week, survey, touchpoint, channel, question, qtype, level)
) STRICT, WITHOUT ROWID;
INSERT INTO var_cell_week_rollups (site, variable, week, survey, touchpoint, channel, question, qtype, level,
  count)
  SELECT site, variable, date(day, '-6 days', 'weekday 1'), survey, touchpoint, channel, question, qtype, level,
    sum(count)
  FROM var_rollups WHERE day < (SELECT monday FROM week_rollup_horizon) GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;

-- var_pair_rollups by week: the model's pairs of levels.
CREATE TABLE var_pair_week_rollups (
  site       TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  week       TEXT NOT NULL,
  survey     TEXT NOT NULL,
  question   TEXT NOT NULL,
  qtype      TEXT NOT NULL,
  variable_a TEXT NOT NULL,
  level_a    TEXT NOT NULL,
  variable_b TEXT NOT NULL,
  level_b    TEXT NOT NULL,
  count      INTEGER NOT NULL,
  PRIMARY KEY (site, week, survey, question, qtype, variable_a, level_a, variable_b, level_b)
) STRICT, WITHOUT ROWID;
INSERT INTO var_pair_week_rollups (site, week, survey, question, qtype, variable_a, level_a, variable_b, level_b,
  count)
  SELECT site, date(day, '-6 days', 'weekday 1'), survey, question, qtype, variable_a, level_a, variable_b,
    level_b, sum(count)
  FROM var_pair_rollups WHERE day < (SELECT monday FROM week_rollup_horizon) GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
