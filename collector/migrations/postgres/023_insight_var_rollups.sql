-- Insight rollups by variable level, by day and by ISO week (grain 'd', 'w' every store, 's' a store's own), as
-- migrations/sqlite/023_insight_var_rollups.sql explains. `level` is
-- `(vars -> name)::text` (jsonb's text: '"North"', '2', 'true'), the form a view's filter is cast to.
CREATE TABLE insight_var_rollups (
  site       text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  variable   text COLLATE "C" NOT NULL,
  level      text COLLATE "C" NOT NULL,
  grain      text COLLATE "C" NOT NULL,  -- 'd': the day; 'w' and 's': `day` is the Monday of its ISO week
  day        text COLLATE "C" NOT NULL,
  channel    text COLLATE "C" NOT NULL,
  touchpoint text COLLATE "C" NOT NULL,
  theme      text COLLATE "C" NOT NULL,
  band       text COLLATE "C" NOT NULL,
  sentiment  text COLLATE "C" NOT NULL,
  count      integer NOT NULL,
  PRIMARY KEY (site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment)
);

-- The rolled-up variables of each response with their levels.
CREATE VIEW insight_var_levels AS
  SELECT r.id AS response_id, j.key AS variable, j.value::text AS level FROM responses r, jsonb_each(r.vars) j
  WHERE EXISTS (SELECT 1 FROM rollup_variables v WHERE v.site = r.site AND v.variable = j.key AND v.scan_only = 0)
    AND NOT EXISTS (SELECT 1 FROM rollup_bins b WHERE b.site = r.site AND b.variable = j.key);

-- Each count one stored analysis contributes: its response ('' and, with text, '*') and each theme row, once
-- per rolled-up variable of its response, into its day and into its week (every store's and its own).
CREATE VIEW insight_var_parts AS
  SELECT p.response_id, p.site, p.variable, p.level, g.grain,
    CASE g.grain WHEN 'd' THEN p.day ELSE insight_week(p.day) END AS day,
    CASE g.grain WHEN 'd' THEN p.channel ELSE '' END AS channel,
    CASE g.grain WHEN 'w' THEN '' ELSE p.touchpoint END AS touchpoint, p.theme,
    CASE g.grain WHEN 's' THEN '' ELSE p.band END AS band,
    CASE g.grain WHEN 's' THEN '' ELSE p.sentiment END AS sentiment
  FROM (
    SELECT ri.response_id, ri.site, l.variable, l.level, ri.day, ri.channel, ri.touchpoint, t.theme, ri.band,
      coalesce(ri.sentiment, '') AS sentiment
    FROM response_insights ri JOIN insight_var_levels l ON l.response_id = ri.response_id,
      (VALUES (''), ('*')) t(theme)
    WHERE t.theme = '' OR ri.has_text
    UNION ALL
    SELECT t.response_id, t.site, l.variable, l.level, t.day, t.channel, t.touchpoint, t.theme, t.band, t.sentiment
    FROM response_insight_themes t JOIN insight_var_levels l ON l.response_id = t.response_id
  ) p, (VALUES ('d'), ('w'), ('s')) g(grain);

INSERT INTO insight_var_rollups
  SELECT site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment, count(*)
  FROM insight_var_parts GROUP BY site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment;

-- `delta` times one count of each rolled-up variable of response `rid` into (site, day, …, theme, band,
-- sentiment), and into the day's week: every store's by band and sentiment, and the store's own.
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

-- All of response `rid`'s counts, `delta` times, under its variables as they are now.
CREATE FUNCTION insight_var_response(rid text, delta integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO insight_var_rollups AS v
    SELECT site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment, delta * count(*)
    FROM insight_var_parts WHERE response_id = rid
    GROUP BY site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment
    ON CONFLICT (site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment)
    DO UPDATE SET count = v.count + excluded.count
$$;

-- A response deleted: its counts out while its analysis rows are still there.
CREATE FUNCTION responses_insight_var_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM insight_var_response(OLD.id, -1);
  RETURN OLD;
END $$;
CREATE TRIGGER responses_insight_var_delete BEFORE DELETE ON responses
  FOR EACH ROW EXECUTE FUNCTION responses_insight_var_delete();

-- A response's variables changed (an erasure): out under the old levels before, in under the new ones after.
CREATE FUNCTION responses_insight_var_vars() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_WHEN = 'BEFORE' THEN
    PERFORM insight_var_response(OLD.id, -1);
    RETURN NEW;
  END IF;
  PERFORM insight_var_response(NEW.id, 1);
  RETURN NULL;
END $$;
CREATE TRIGGER responses_insight_var_before BEFORE UPDATE OF vars ON responses
  FOR EACH ROW WHEN (OLD.vars IS DISTINCT FROM NEW.vars) EXECUTE FUNCTION responses_insight_var_vars();
CREATE TRIGGER responses_insight_var_after AFTER UPDATE OF vars ON responses
  FOR EACH ROW WHEN (OLD.vars IS DISTINCT FROM NEW.vars) EXECUTE FUNCTION responses_insight_var_vars();
