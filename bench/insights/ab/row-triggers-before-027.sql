-- bench:pg-recording A/B: the insight rollup triggers as they were before migration 027 (row triggers calling one
-- upsert function per row and rollup table; insight_week IMMUTABLE over a STABLE body, so not inlined), rebuilt
-- from migrations 018, 021 and 023 on a database at 027.
-- BENCH_ALT_SQL=bench/insights/ab/row-triggers-before-027.sql pnpm bench:pg-recording
CREATE OR REPLACE FUNCTION insight_week(d text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(date_trunc('week', d::date), 'YYYY-MM-DD')
$$;
DROP TRIGGER response_insights_rollup_inserted ON response_insights;
DROP TRIGGER response_insights_rollup_deleted ON response_insights;
DROP TRIGGER response_insight_themes_rollup_inserted ON response_insight_themes;
DROP TRIGGER response_insight_themes_rollup_deleted ON response_insight_themes;

CREATE FUNCTION insight_rollup_add(s text, d text, tp text, th text, b text, se text, delta integer)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO insight_rollups AS r VALUES (s, d, tp, th, b, se, delta)
    ON CONFLICT (site, theme, day, touchpoint, band, sentiment) DO UPDATE SET count = r.count + excluded.count
$$;

CREATE FUNCTION response_insights_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row response_insights;
  delta integer;
BEGIN
  IF TG_OP = 'INSERT' THEN row := NEW; delta := 1; ELSE row := OLD; delta := -1; END IF;
  PERFORM insight_rollup_add(row.site, row.day, row.touchpoint, '', row.band, coalesce(row.sentiment, ''), delta);
  IF row.has_text THEN
    PERFORM insight_rollup_add(row.site, row.day, row.touchpoint, '*', row.band, coalesce(row.sentiment, ''), delta);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER response_insights_rollup AFTER INSERT OR DELETE ON response_insights
  FOR EACH ROW EXECUTE FUNCTION response_insights_rollup();

CREATE FUNCTION response_insight_themes_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row response_insight_themes;
BEGIN
  IF TG_OP = 'INSERT' THEN row := NEW; ELSE row := OLD; END IF;
  PERFORM insight_rollup_add(row.site, row.day, row.touchpoint, row.theme, row.band, row.sentiment,
    CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END);
  RETURN NULL;
END $$;
CREATE TRIGGER response_insight_themes_rollup AFTER INSERT OR DELETE ON response_insight_themes
  FOR EACH ROW EXECUTE FUNCTION response_insight_themes_rollup();


CREATE FUNCTION insight_rollup_add_more(s text, ch text, d text, tp text, th text, b text, se text, delta integer)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO insight_channel_rollups AS r VALUES (s, ch, th, d, tp, b, se, delta)
    ON CONFLICT (site, channel, theme, day, touchpoint, band, sentiment) DO UPDATE SET count = r.count + excluded.count;
  INSERT INTO insight_week_rollups AS r VALUES (s, '', th, insight_week(d), b, se, delta), (s, tp, th, insight_week(d), '', '', delta)
    ON CONFLICT (site, touchpoint, theme, week, band, sentiment) DO UPDATE SET count = r.count + excluded.count;
$$;

CREATE FUNCTION response_insights_rollup_more() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row response_insights;
  delta integer;
BEGIN
  IF TG_OP = 'INSERT' THEN row := NEW; delta := 1; ELSE row := OLD; delta := -1; END IF;
  PERFORM insight_rollup_add_more(row.site, row.channel, row.day, row.touchpoint, '', row.band,
    coalesce(row.sentiment, ''), delta);
  IF row.has_text THEN
    PERFORM insight_rollup_add_more(row.site, row.channel, row.day, row.touchpoint, '*', row.band,
      coalesce(row.sentiment, ''), delta);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER response_insights_rollup_more AFTER INSERT OR DELETE ON response_insights
  FOR EACH ROW EXECUTE FUNCTION response_insights_rollup_more();

CREATE FUNCTION response_insight_themes_rollup_more() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row response_insight_themes;
BEGIN
  IF TG_OP = 'INSERT' THEN row := NEW; ELSE row := OLD; END IF;
  PERFORM insight_rollup_add_more(row.site, row.channel, row.day, row.touchpoint, row.theme, row.band, row.sentiment,
    CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END);
  RETURN NULL;
END $$;
CREATE TRIGGER response_insight_themes_rollup_more AFTER INSERT OR DELETE ON response_insight_themes
  FOR EACH ROW EXECUTE FUNCTION response_insight_themes_rollup_more();

CREATE FUNCTION insight_var_add(rid text, s text, d text, ch text, tp text, th text, b text, se text, delta integer)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO insight_var_rollups AS v
    SELECT s, l.variable, l.level, g.grain, g.day, g.channel, g.touchpoint, th, g.band, g.sentiment, delta
    FROM insight_var_levels l,
      (VALUES ('d', d, ch, tp, b, se), ('w', insight_week(d), '', '', b, se), ('s', insight_week(d), '', tp, '', ''))
        g(grain, day, channel, touchpoint, band, sentiment)
    WHERE l.response_id = rid
    ON CONFLICT (site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment)
    DO UPDATE SET count = v.count + excluded.count
$$;

-- A deleted response's analysis rows cascade away after it is gone: nothing is found for them then, its
-- counts were taken out by responses_insight_var_delete before.
CREATE FUNCTION response_insights_var_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row response_insights;
  delta integer;
BEGIN
  IF TG_OP = 'INSERT' THEN row := NEW; delta := 1; ELSE row := OLD; delta := -1; END IF;
  PERFORM insight_var_add(row.response_id, row.site, row.day, row.channel, row.touchpoint, '', row.band,
    coalesce(row.sentiment, ''), delta);
  IF row.has_text THEN
    PERFORM insight_var_add(row.response_id, row.site, row.day, row.channel, row.touchpoint, '*', row.band,
      coalesce(row.sentiment, ''), delta);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER response_insights_var_rollup AFTER INSERT OR DELETE ON response_insights
  FOR EACH ROW EXECUTE FUNCTION response_insights_var_rollup();

CREATE FUNCTION response_insight_themes_var_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row response_insight_themes;
BEGIN
  IF TG_OP = 'INSERT' THEN row := NEW; ELSE row := OLD; END IF;
  PERFORM insight_var_add(row.response_id, row.site, row.day, row.channel, row.touchpoint, row.theme, row.band,
    row.sentiment, CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END);
  RETURN NULL;
END $$;
CREATE TRIGGER response_insight_themes_var_rollup AFTER INSERT OR DELETE ON response_insight_themes
  FOR EACH ROW EXECUTE FUNCTION response_insight_themes_var_rollup();

