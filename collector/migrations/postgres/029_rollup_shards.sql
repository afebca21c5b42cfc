-- Rollup shards (issue #12): two collectors on one PostgreSQL upserted the same rollup rows (one site's day,
-- touchpoint and question), so each waited for the other's row locks until that one's COMMIT was on disk; the
-- insight recorders waited on one advisory lock per site for the same reason. Every write-hot rollup table
-- now has a `shard` column in its key: each collector claims a shard number of its own when it opens the
-- store (rollup-shard.ts: the lowest number whose session advisory lock is free) and its connections write
-- only rows of that shard, so two collectors' commits never touch the same row. One collector alone always
-- claims shard 0: no extra rows. Every reader already sums `count` over the key columns it groups by, so a
-- key's count is the sum over its shards; a shard's row may go negative (a response counted by one collector
-- and erased through another), the sum stays right. Recounts, erasure, binning and `touchpoint migrate`
-- delete every shard's rows of what they rebuild and write the sums into the shard of the connection.

-- The shard of this connection's rollup writes: the collector sets `touchpoint.rollup_shard` on each
-- connection of its pool; anything else (psql, `touchpoint migrate`, the tests' own pools) writes shard 0.
CREATE OR REPLACE FUNCTION rollup_shard() RETURNS smallint LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('touchpoint.rollup_shard', true), ''), '0')::smallint
$$;

-- Existing rows are shard 0 (the default is evaluated once here: no table rewrite). The key gets the shard
-- last, so every index scan by site, day or variable works as before. Each step can run again (a table that
-- an earlier migration re-created, as the upgrade tests do with 026's, gets its shard then).
ALTER TABLE score_rollups ADD COLUMN IF NOT EXISTS shard smallint NOT NULL DEFAULT rollup_shard();
ALTER TABLE score_rollups DROP CONSTRAINT score_rollups_pkey;
ALTER TABLE score_rollups ADD PRIMARY KEY (site, day, survey, touchpoint, channel, question, qtype, value, shard);

ALTER TABLE response_counts ADD COLUMN IF NOT EXISTS shard smallint NOT NULL DEFAULT rollup_shard();
ALTER TABLE response_counts DROP CONSTRAINT response_counts_pkey;
ALTER TABLE response_counts ADD PRIMARY KEY (site, day, survey, touchpoint, channel, trigger, shard);

ALTER TABLE var_rollups ADD COLUMN IF NOT EXISTS shard smallint NOT NULL DEFAULT rollup_shard();
ALTER TABLE var_rollups DROP CONSTRAINT var_rollups_pkey;
ALTER TABLE var_rollups ADD PRIMARY KEY (site, variable, day, survey, touchpoint, channel, question, qtype, level, value,
  shard);

ALTER TABLE var_level_rollups ADD COLUMN IF NOT EXISTS shard smallint NOT NULL DEFAULT rollup_shard();
ALTER TABLE var_level_rollups DROP CONSTRAINT var_level_rollups_pkey;
ALTER TABLE var_level_rollups ADD PRIMARY KEY (site, variable, day, survey, question, qtype, level, value, shard);

ALTER TABLE var_pair_rollups ADD COLUMN IF NOT EXISTS shard smallint NOT NULL DEFAULT rollup_shard();
ALTER TABLE var_pair_rollups DROP CONSTRAINT var_pair_rollups_pkey;
ALTER TABLE var_pair_rollups ADD PRIMARY KEY (site, day, survey, question, qtype, variable_a, level_a, variable_b,
  level_b, shard);

ALTER TABLE impact_rollups ADD COLUMN IF NOT EXISTS shard smallint NOT NULL DEFAULT rollup_shard();
ALTER TABLE impact_rollups DROP CONSTRAINT impact_rollups_pkey;
ALTER TABLE impact_rollups ADD PRIMARY KEY (site, day, survey, touchpoint, channel, question, qtype, value, nps_question,
  nps_value, shard);

ALTER TABLE insight_rollups ADD COLUMN IF NOT EXISTS shard smallint NOT NULL DEFAULT rollup_shard();
ALTER TABLE insight_rollups DROP CONSTRAINT insight_rollups_pkey;
ALTER TABLE insight_rollups ADD PRIMARY KEY (site, theme, day, touchpoint, band, sentiment, shard);

ALTER TABLE insight_channel_rollups ADD COLUMN IF NOT EXISTS shard smallint NOT NULL DEFAULT rollup_shard();
ALTER TABLE insight_channel_rollups DROP CONSTRAINT insight_channel_rollups_pkey;
ALTER TABLE insight_channel_rollups ADD PRIMARY KEY (site, channel, theme, day, touchpoint, band, sentiment, shard);

ALTER TABLE insight_week_rollups ADD COLUMN IF NOT EXISTS shard smallint NOT NULL DEFAULT rollup_shard();
ALTER TABLE insight_week_rollups DROP CONSTRAINT insight_week_rollups_pkey;
ALTER TABLE insight_week_rollups ADD PRIMARY KEY (site, touchpoint, theme, week, band, sentiment, shard);

ALTER TABLE insight_var_rollups ADD COLUMN IF NOT EXISTS shard smallint NOT NULL DEFAULT rollup_shard();
ALTER TABLE insight_var_rollups DROP CONSTRAINT insight_var_rollups_pkey;
ALTER TABLE insight_var_rollups ADD PRIMARY KEY (site, variable, level, grain, day, channel, touchpoint, theme, band,
  sentiment, shard);

-- 027's statement trigger with the shard in each upsert's key (the inserted rows take it from their default),
-- without work for a statement that changed no row (a delete of earlier analyses that found none fired four
-- upserts planned anew each time), and without the by-level upsert where no site of the rows has a variable
-- it could count.
CREATE OR REPLACE FUNCTION insight_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parts text;
  sign integer := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM changed) THEN
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'response_insights' THEN
    parts := $p$
      SELECT n.response_id, n.site, n.channel, n.day, n.touchpoint, t.theme, n.band,
        coalesce(n.sentiment, '') AS sentiment
      FROM changed n, (VALUES (''), ('*')) t(theme) WHERE t.theme = '' OR n.has_text
    $p$;
  ELSE
    parts := $p$
      SELECT n.response_id, n.site, n.channel, n.day, n.touchpoint, n.theme, n.band, n.sentiment FROM changed n
    $p$;
  END IF;
  EXECUTE format($q$
    WITH parts AS (%s)
    INSERT INTO insight_rollups AS r (site, day, touchpoint, theme, band, sentiment, count)
      SELECT site, day, touchpoint, theme, band, sentiment, %s * count(*) FROM parts
      GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 4, 2, 3, 5, 6
      ON CONFLICT (site, theme, day, touchpoint, band, sentiment, shard) DO UPDATE SET count = r.count + excluded.count
  $q$, parts, sign);
  EXECUTE format($q$
    WITH parts AS (%s)
    INSERT INTO insight_channel_rollups AS r (site, channel, theme, day, touchpoint, band, sentiment, count)
      SELECT site, channel, theme, day, touchpoint, band, sentiment, %s * count(*) FROM parts
      GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
      ON CONFLICT (site, channel, theme, day, touchpoint, band, sentiment, shard)
      DO UPDATE SET count = r.count + excluded.count
  $q$, parts, sign);
  EXECUTE format($q$
    WITH parts AS (%s)
    INSERT INTO insight_week_rollups AS r (site, touchpoint, theme, week, band, sentiment, count)
      SELECT site, touchpoint, theme, week, band, sentiment, %s * count(*) FROM (
        SELECT site, '' AS touchpoint, theme, insight_week(day) AS week, band, sentiment FROM parts
        UNION ALL
        SELECT site, touchpoint, theme, insight_week(day), '', '' FROM parts
      ) w GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
      ON CONFLICT (site, touchpoint, theme, week, band, sentiment, shard)
      DO UPDATE SET count = r.count + excluded.count
  $q$, parts, sign);
  -- By level only for a site with a variable rolled up by its own levels (insight_var_levels, 023): the join
  -- below looks up every changed row's response and its variables, which costs more than the three upserts
  -- above together, for nothing on a site without such a variable (none, or all binned or scan only). The
  -- built-in columns' rollup variables ('#device', '#trigger') are never keys of a response's `vars` (names
  -- start with a letter or '_'), so they do not count here.
  IF NOT EXISTS (
    SELECT 1 FROM rollup_variables v
    WHERE v.scan_only = 0 AND v.site IN (SELECT site FROM changed) AND v.variable NOT LIKE '#%'
      AND NOT EXISTS (SELECT 1 FROM rollup_bins b WHERE b.site = v.site AND b.variable = v.variable)
  ) THEN
    RETURN NULL;
  END IF;
  EXECUTE format($q$
    WITH parts AS (%s)
    INSERT INTO insight_var_rollups AS v (site, variable, level, grain, day, channel, touchpoint, theme, band,
      sentiment, count)
      SELECT p.site, l.variable, l.level, g.grain, g.day, g.channel, g.touchpoint, p.theme, g.band, g.sentiment,
        %s * count(*)
      FROM parts p JOIN insight_var_levels l ON l.response_id = p.response_id,
        LATERAL (VALUES ('d', p.day, p.channel, p.touchpoint, p.band, p.sentiment),
                        ('w', insight_week(p.day), '', '', p.band, p.sentiment),
                        ('s', insight_week(p.day), '', p.touchpoint, '', ''))
          g(grain, day, channel, touchpoint, band, sentiment)
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
      ON CONFLICT (site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment, shard)
      DO UPDATE SET count = v.count + excluded.count
  $q$, parts, sign);
  RETURN NULL;
END $$;

-- 023's per-response upkeep (a response deleted, its variables changed) with the shard in the key.
CREATE OR REPLACE FUNCTION insight_var_response(rid text, delta integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO insight_var_rollups AS v (site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment,
    count)
    SELECT site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment, delta * count(*)
    FROM insight_var_parts WHERE response_id = rid
    GROUP BY site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment
    ORDER BY site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment
    ON CONFLICT (site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment, shard)
    DO UPDATE SET count = v.count + excluded.count
$$;
