-- Week rows beside the day rows, as SQLite's 032 (issue #14: the multivariable model and a year's weekly trend
-- under their targets on PostgreSQL too). PostgreSQL groups with a hash, but it still reads and hashes every
-- row of a window: a 90-day six-variable model read ~111,000 pair rows at 1M responses a year (~90 ms of the
-- server's CPU). These tables hold each rollup summed over an ISO week of the site's own days (`week` is the
-- week's Monday), so a window reads its whole weeks here and only the other days from the day rows.
--
-- Only weeks before the horizon (week_rollup_horizon.monday) have rows here. A write to an earlier day (a late
-- kiosk upload, a merge or an erasure of an old response, a recount, a fill) changes the week row too, by the
-- row triggers of the day tables (collector/src/store/postgres/week-tier.ts makes them after the migrations,
-- with the horizon as a literal in their WHEN, so live traffic's writes after it never call them). A collector
-- moves the horizon on as weeks end: under an advisory lock, with the day tables locked against writes, it sums
-- the weeks that passed it, moves it and remakes the triggers in one transaction. Week rows keep the shard of
-- their day rows (029): two collectors writing the same old week never wait on one row. A count that drops to
-- zero stays as a zero row, which every read skips.
CREATE TABLE week_rollup_horizon (
  id     integer PRIMARY KEY CHECK (id = 1),
  monday text COLLATE "C" NOT NULL
);
-- The Monday of the ISO week of a 'YYYY-MM-DD' day (date arithmetic only: no time zone involved).
CREATE FUNCTION week_of(day text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(day::date - (extract(isodow FROM day::date)::int - 1), 'YYYY-MM-DD')
$$;
-- The Monday of the week that holds the day before yesterday (UTC): every site's earlier weeks are over.
INSERT INTO week_rollup_horizon VALUES (1, week_of(to_char((now() AT TIME ZONE 'UTC')::date - 2, 'YYYY-MM-DD')));

-- score_rollups by week: the leaderboard, scores, quintiles, a weekly trend, the model's cells.
CREATE TABLE score_week_rollups (
  site       text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  week       text COLLATE "C" NOT NULL,
  survey     text COLLATE "C" NOT NULL,
  touchpoint text COLLATE "C" NOT NULL,
  channel    text COLLATE "C" NOT NULL,
  question   text COLLATE "C" NOT NULL,
  qtype      text COLLATE "C" NOT NULL,
  value      integer NOT NULL,
  shard      smallint NOT NULL,
  count      integer NOT NULL,
  PRIMARY KEY (site, week, survey, touchpoint, channel, question, qtype, value, shard)
);
INSERT INTO score_week_rollups (site, week, survey, touchpoint, channel, question, qtype, value, shard, count)
  SELECT site, week_of(day), survey, touchpoint, channel, question, qtype, value, shard, sum(count)
  FROM score_rollups WHERE day < (SELECT monday FROM week_rollup_horizon)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 HAVING sum(count) <> 0;
-- The row trigger of score_rollups (TG_ARGV[0]: the horizon): the old count off its week, the
-- new one on (both as upserts: a week whose rows summed to zero, over days or shards, has no row yet); a row
-- deleted with its site leaves its week rows to the same cascade.
CREATE FUNCTION score_rollups_week() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.day < TG_ARGV[0] THEN
    INSERT INTO score_week_rollups (site, week, survey, touchpoint, channel, question, qtype, value, shard, count)
    SELECT OLD.site, week_of(OLD.day), OLD.survey, OLD.touchpoint, OLD.channel, OLD.question, OLD.qtype,
      OLD.value, OLD.shard, -OLD.count
    WHERE EXISTS (SELECT 1 FROM sites WHERE key = OLD.site)
    ON CONFLICT (site, week, survey, touchpoint, channel, question, qtype, value, shard) DO UPDATE SET count = score_week_rollups.count + EXCLUDED.count;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.day < TG_ARGV[0] THEN
    INSERT INTO score_week_rollups (site, week, survey, touchpoint, channel, question, qtype, value, shard, count)
    VALUES (NEW.site, week_of(NEW.day), NEW.survey, NEW.touchpoint, NEW.channel, NEW.question, NEW.qtype,
      NEW.value, NEW.shard, NEW.count)
    ON CONFLICT (site, week, survey, touchpoint, channel, question, qtype, value, shard) DO UPDATE SET count = score_week_rollups.count + EXCLUDED.count;
  END IF;
  RETURN NULL;
END
$$;

-- var_level_rollups by week: segments, the driver screen, the model's margins.
CREATE TABLE var_level_week_rollups (
  site       text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  variable   text COLLATE "C" NOT NULL,
  week       text COLLATE "C" NOT NULL,
  survey     text COLLATE "C" NOT NULL,
  question   text COLLATE "C" NOT NULL,
  qtype      text COLLATE "C" NOT NULL,
  level      text COLLATE "C" NOT NULL,
  value      integer NOT NULL,
  shard      smallint NOT NULL,
  count      integer NOT NULL,
  PRIMARY KEY (site, variable, week, survey, question, qtype, level, value, shard)
);
INSERT INTO var_level_week_rollups (site, variable, week, survey, question, qtype, level, value, shard, count)
  SELECT site, variable, week_of(day), survey, question, qtype, level, value, shard, sum(count)
  FROM var_level_rollups WHERE day < (SELECT monday FROM week_rollup_horizon)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 HAVING sum(count) <> 0;
-- The row trigger of var_level_rollups (TG_ARGV[0]: the horizon): the old count off its week, the
-- new one on (both as upserts: a week whose rows summed to zero, over days or shards, has no row yet); a row
-- deleted with its site leaves its week rows to the same cascade.
CREATE FUNCTION var_level_rollups_week() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.day < TG_ARGV[0] THEN
    INSERT INTO var_level_week_rollups (site, variable, week, survey, question, qtype, level, value, shard, count)
    SELECT OLD.site, OLD.variable, week_of(OLD.day), OLD.survey, OLD.question, OLD.qtype, OLD.level, OLD.value,
      OLD.shard, -OLD.count
    WHERE EXISTS (SELECT 1 FROM sites WHERE key = OLD.site)
    ON CONFLICT (site, variable, week, survey, question, qtype, level, value, shard) DO UPDATE SET count = var_level_week_rollups.count + EXCLUDED.count;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.day < TG_ARGV[0] THEN
    INSERT INTO var_level_week_rollups (site, variable, week, survey, question, qtype, level, value, shard, count)
    VALUES (NEW.site, NEW.variable, week_of(NEW.day), NEW.survey, NEW.question, NEW.qtype, NEW.level, NEW.value,
      NEW.shard, NEW.count)
    ON CONFLICT (site, variable, week, survey, question, qtype, level, value, shard) DO UPDATE SET count = var_level_week_rollups.count + EXCLUDED.count;
  END IF;
  RETURN NULL;
END
$$;

-- var_cell_rollups by week: the model's levels by touchpoint and channel.
CREATE TABLE var_cell_week_rollups (
  site       text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  variable   text COLLATE "C" NOT NULL,
  week       text COLLATE "C" NOT NULL,
  survey     text COLLATE "C" NOT NULL,
  touchpoint text COLLATE "C" NOT NULL,
  channel    text COLLATE "C" NOT NULL,
  question   text COLLATE "C" NOT NULL,
  qtype      text COLLATE "C" NOT NULL,
  level      text COLLATE "C" NOT NULL,
  shard      smallint NOT NULL,
  count      integer NOT NULL,
  PRIMARY KEY (site, variable, week, survey, touchpoint, channel, question, qtype, level, shard)
);
INSERT INTO var_cell_week_rollups (site, variable, week, survey, touchpoint, channel, question, qtype, level,
  shard, count)
  SELECT site, variable, week_of(day), survey, touchpoint, channel, question, qtype, level, shard, sum(count)
  FROM var_cell_rollups WHERE day < (SELECT monday FROM week_rollup_horizon)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 HAVING sum(count) <> 0;
-- The row trigger of var_cell_rollups (TG_ARGV[0]: the horizon): the old count off its week, the
-- new one on (both as upserts: a week whose rows summed to zero, over days or shards, has no row yet); a row
-- deleted with its site leaves its week rows to the same cascade.
CREATE FUNCTION var_cell_rollups_week() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.day < TG_ARGV[0] THEN
    INSERT INTO var_cell_week_rollups (site, variable, week, survey, touchpoint, channel, question, qtype, level,
      shard, count)
    SELECT OLD.site, OLD.variable, week_of(OLD.day), OLD.survey, OLD.touchpoint, OLD.channel, OLD.question,
      OLD.qtype, OLD.level, OLD.shard, -OLD.count
    WHERE EXISTS (SELECT 1 FROM sites WHERE key = OLD.site)
    ON CONFLICT (site, variable, week, survey, touchpoint, channel, question, qtype, level, shard) DO UPDATE SET count = var_cell_week_rollups.count + EXCLUDED.count;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.day < TG_ARGV[0] THEN
    INSERT INTO var_cell_week_rollups (site, variable, week, survey, touchpoint, channel, question, qtype, level,
      shard, count)
    VALUES (NEW.site, NEW.variable, week_of(NEW.day), NEW.survey, NEW.touchpoint, NEW.channel, NEW.question,
      NEW.qtype, NEW.level, NEW.shard, NEW.count)
    ON CONFLICT (site, variable, week, survey, touchpoint, channel, question, qtype, level, shard) DO UPDATE SET count = var_cell_week_rollups.count + EXCLUDED.count;
  END IF;
  RETURN NULL;
END
$$;

-- var_pair_rollups by week: the model's pairs of levels.
CREATE TABLE var_pair_week_rollups (
  site       text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  week       text COLLATE "C" NOT NULL,
  survey     text COLLATE "C" NOT NULL,
  question   text COLLATE "C" NOT NULL,
  qtype      text COLLATE "C" NOT NULL,
  variable_a text COLLATE "C" NOT NULL,
  level_a    text COLLATE "C" NOT NULL,
  variable_b text COLLATE "C" NOT NULL,
  level_b    text COLLATE "C" NOT NULL,
  shard      smallint NOT NULL,
  count      integer NOT NULL,
  PRIMARY KEY (site, week, survey, question, qtype, variable_a, level_a, variable_b, level_b, shard)
);
INSERT INTO var_pair_week_rollups (site, week, survey, question, qtype, variable_a, level_a, variable_b, level_b,
  shard, count)
  SELECT site, week_of(day), survey, question, qtype, variable_a, level_a, variable_b, level_b, shard, sum(count)
  FROM var_pair_rollups WHERE day < (SELECT monday FROM week_rollup_horizon)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 HAVING sum(count) <> 0;
-- The row trigger of var_pair_rollups (TG_ARGV[0]: the horizon): the old count off its week, the
-- new one on (both as upserts: a week whose rows summed to zero, over days or shards, has no row yet); a row
-- deleted with its site leaves its week rows to the same cascade.
CREATE FUNCTION var_pair_rollups_week() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.day < TG_ARGV[0] THEN
    INSERT INTO var_pair_week_rollups (site, week, survey, question, qtype, variable_a, level_a, variable_b,
      level_b, shard, count)
    SELECT OLD.site, week_of(OLD.day), OLD.survey, OLD.question, OLD.qtype, OLD.variable_a, OLD.level_a,
      OLD.variable_b, OLD.level_b, OLD.shard, -OLD.count
    WHERE EXISTS (SELECT 1 FROM sites WHERE key = OLD.site)
    ON CONFLICT (site, week, survey, question, qtype, variable_a, level_a, variable_b, level_b, shard) DO UPDATE SET count = var_pair_week_rollups.count + EXCLUDED.count;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.day < TG_ARGV[0] THEN
    INSERT INTO var_pair_week_rollups (site, week, survey, question, qtype, variable_a, level_a, variable_b,
      level_b, shard, count)
    VALUES (NEW.site, week_of(NEW.day), NEW.survey, NEW.question, NEW.qtype, NEW.variable_a, NEW.level_a,
      NEW.variable_b, NEW.level_b, NEW.shard, NEW.count)
    ON CONFLICT (site, week, survey, question, qtype, variable_a, level_a, variable_b, level_b, shard) DO UPDATE SET count = var_pair_week_rollups.count + EXCLUDED.count;
  END IF;
  RETURN NULL;
END
$$;
