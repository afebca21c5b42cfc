-- Insight rollups by channel and by week, as migrations/sqlite/021_insight_rollups_channel_week.sql explains:
-- the channel on every analysis row, daily rollups by channel, and weekly rollups (touchpoint '' = every store
-- by band and sentiment; a store's own rows with band '' and sentiment '', its count only).

ALTER TABLE response_insights ADD COLUMN channel text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE response_insight_themes ADD COLUMN channel text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE response_insight_staff ADD COLUMN channel text COLLATE "C" NOT NULL DEFAULT '';
UPDATE response_insights ri SET channel = r.channel FROM responses r WHERE r.id = ri.response_id;
UPDATE response_insight_themes t SET channel = ri.channel FROM response_insights ri WHERE ri.response_id = t.response_id;
UPDATE response_insight_staff s SET channel = ri.channel FROM response_insights ri WHERE ri.response_id = s.response_id;
CREATE INDEX response_insights_site_channel ON response_insights (site, channel, has_text, day);

-- One store's daily rollups in day order, with their counts (a store's themes or trend over months).
CREATE INDEX insight_rollups_touchpoint ON insight_rollups (site, touchpoint, day, theme, band, sentiment, count);

CREATE TABLE insight_channel_rollups (
  site       text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  channel    text COLLATE "C" NOT NULL,
  theme      text COLLATE "C" NOT NULL,
  day        text COLLATE "C" NOT NULL,
  touchpoint text COLLATE "C" NOT NULL,
  band       text COLLATE "C" NOT NULL,
  sentiment  text COLLATE "C" NOT NULL,
  count      integer NOT NULL,
  PRIMARY KEY (site, channel, theme, day, touchpoint, band, sentiment)
);

CREATE TABLE insight_week_rollups (
  site       text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  touchpoint text COLLATE "C" NOT NULL,  -- '' = every store (by band and sentiment)
  theme      text COLLATE "C" NOT NULL,
  week       text COLLATE "C" NOT NULL,  -- the Monday, 'YYYY-MM-DD'
  band       text COLLATE "C" NOT NULL,  -- '' on a store's own rows
  sentiment  text COLLATE "C" NOT NULL,  -- '' on a store's own rows
  count      integer NOT NULL,
  PRIMARY KEY (site, touchpoint, theme, week, band, sentiment)
);

-- The Monday of a day's ISO week, as text.
CREATE FUNCTION insight_week(d text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(date_trunc('week', d::date), 'YYYY-MM-DD')
$$;

INSERT INTO insight_channel_rollups
  SELECT site, channel, '', day, touchpoint, band, coalesce(sentiment, ''), count(*) FROM response_insights
    GROUP BY 1, 2, 3, 4, 5, 6, 7
  UNION ALL
  SELECT site, channel, '*', day, touchpoint, band, coalesce(sentiment, ''), count(*) FROM response_insights
    WHERE has_text GROUP BY 1, 2, 3, 4, 5, 6, 7
  UNION ALL
  SELECT site, channel, theme, day, touchpoint, band, sentiment, count(*) FROM response_insight_themes
    GROUP BY 1, 2, 3, 4, 5, 6, 7;
INSERT INTO insight_week_rollups
  SELECT site, '', theme, insight_week(day), band, sentiment, sum(count) FROM insight_rollups GROUP BY 1, 2, 3, 4, 5, 6
  UNION ALL
  SELECT site, touchpoint, theme, insight_week(day), '', '', sum(count) FROM insight_rollups GROUP BY 1, 2, 3, 4, 5, 6;

-- A change of `delta` to the daily rollup (site, day, touchpoint, theme, band, sentiment) of `ch`: the same
-- change by channel and into the week.
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
