-- Insight rollups that the views can read at 1M responses (issue #15, "computed once, read fast"):
-- * the channel on every analysis row, and daily rollups by channel (`insight_channel_rollups`), so a
--   channel segment reads rollups instead of joining every analysed response to its response row;
-- * weekly rollups (`insight_week_rollups`) for windows of months: a view sums the whole weeks of its window
--   from here and only the days at its edges from `insight_rollups`. Rows with touchpoint '' count every
--   store by band and sentiment; a store's own rows carry band '' and sentiment '' (its count only, for the
--   themes' "by touchpoint").
-- Kept by the triggers below, as insight_rollups is; counts at zero are kept and skipped by readers.

ALTER TABLE response_insights ADD COLUMN channel TEXT NOT NULL DEFAULT '';
ALTER TABLE response_insight_themes ADD COLUMN channel TEXT NOT NULL DEFAULT '';
ALTER TABLE response_insight_staff ADD COLUMN channel TEXT NOT NULL DEFAULT '';
UPDATE response_insights SET channel = coalesce((SELECT r.channel FROM responses r WHERE r.id = response_insights.response_id), '');
UPDATE response_insight_themes SET channel = (SELECT ri.channel FROM response_insights ri
  WHERE ri.response_id = response_insight_themes.response_id);
UPDATE response_insight_staff SET channel = (SELECT ri.channel FROM response_insights ri
  WHERE ri.response_id = response_insight_staff.response_id);
CREATE INDEX response_insights_site_channel ON response_insights (site, channel, has_text, day);

-- One store's daily rollups in day order, with their counts (a store's themes or trend over months).
CREATE INDEX insight_rollups_touchpoint ON insight_rollups (site, touchpoint, day, theme, band, sentiment, count);

CREATE TABLE insight_channel_rollups (
  site       TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  channel    TEXT NOT NULL,
  theme      TEXT NOT NULL,
  day        TEXT NOT NULL,
  touchpoint TEXT NOT NULL,
  band       TEXT NOT NULL,
  sentiment  TEXT NOT NULL,
  count      INTEGER NOT NULL,
  PRIMARY KEY (site, channel, theme, day, touchpoint, band, sentiment)
) STRICT, WITHOUT ROWID;

CREATE TABLE insight_week_rollups (
  site       TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  touchpoint TEXT NOT NULL,            -- '' = every store (by band and sentiment)
  theme      TEXT NOT NULL,
  week       TEXT NOT NULL,            -- the Monday, 'YYYY-MM-DD'
  band       TEXT NOT NULL,            -- '' on a store's own rows
  sentiment  TEXT NOT NULL,            -- '' on a store's own rows (and for responses without an analysed text)
  count      INTEGER NOT NULL,
  PRIMARY KEY (site, touchpoint, theme, week, band, sentiment)
) STRICT, WITHOUT ROWID;

INSERT INTO insight_channel_rollups
  SELECT site, channel, '', day, touchpoint, band, coalesce(sentiment, ''), count(*) FROM response_insights
    GROUP BY 1, 2, 3, 4, 5, 6, 7
  UNION ALL
  SELECT site, channel, '*', day, touchpoint, band, coalesce(sentiment, ''), count(*) FROM response_insights
    WHERE has_text = 1 GROUP BY 1, 2, 3, 4, 5, 6, 7
  UNION ALL
  SELECT site, channel, theme, day, touchpoint, band, sentiment, count(*) FROM response_insight_themes
    GROUP BY 1, 2, 3, 4, 5, 6, 7;
INSERT INTO insight_week_rollups
  SELECT site, '', theme, date(day, 'weekday 0', '-6 days'), band, sentiment, sum(count) FROM insight_rollups
    GROUP BY 1, 2, 3, 4, 5, 6
  UNION ALL
  SELECT site, touchpoint, theme, date(day, 'weekday 0', '-6 days'), '', '', sum(count) FROM insight_rollups
    GROUP BY 1, 2, 3, 4, 5, 6;

-- One more set of counts per rollup change: by channel, and into the week (all stores, and the store's own).
-- 'weekday 0' moves to the coming Sunday (or stays on one); six days back is that week's Monday.
CREATE TRIGGER response_insights_add_more AFTER INSERT ON response_insights BEGIN
  INSERT INTO insight_channel_rollups SELECT NEW.site, NEW.channel, t.theme, NEW.day, NEW.touchpoint, NEW.band,
    coalesce(NEW.sentiment, ''), 1 FROM (SELECT '' AS theme UNION ALL SELECT '*' WHERE NEW.has_text = 1) t
    WHERE 1 ON CONFLICT DO UPDATE SET count = count + 1;
  INSERT INTO insight_week_rollups SELECT NEW.site, w.touchpoint, t.theme, date(NEW.day, 'weekday 0', '-6 days'),
    w.band, w.sentiment, 1 FROM (SELECT '' AS theme UNION ALL SELECT '*' WHERE NEW.has_text = 1) t,
    (SELECT '' AS touchpoint, NEW.band AS band, coalesce(NEW.sentiment, '') AS sentiment
      UNION ALL SELECT NEW.touchpoint, '', '') w
    WHERE 1 ON CONFLICT DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER response_insights_remove_more AFTER DELETE ON response_insights BEGIN
  UPDATE insight_channel_rollups SET count = count - 1 WHERE site = OLD.site AND channel = OLD.channel
    AND theme IN ('', CASE WHEN OLD.has_text = 1 THEN '*' END) AND day = OLD.day AND touchpoint = OLD.touchpoint
    AND band = OLD.band AND sentiment = coalesce(OLD.sentiment, '');
  UPDATE insight_week_rollups SET count = count - 1 WHERE site = OLD.site AND touchpoint = ''
    AND theme IN ('', CASE WHEN OLD.has_text = 1 THEN '*' END) AND week = date(OLD.day, 'weekday 0', '-6 days')
    AND band = OLD.band AND sentiment = coalesce(OLD.sentiment, '');
  UPDATE insight_week_rollups SET count = count - 1 WHERE site = OLD.site AND touchpoint = OLD.touchpoint
    AND theme IN ('', CASE WHEN OLD.has_text = 1 THEN '*' END) AND week = date(OLD.day, 'weekday 0', '-6 days')
    AND band = '' AND sentiment = '';
END;
CREATE TRIGGER response_insight_themes_add_more AFTER INSERT ON response_insight_themes BEGIN
  INSERT INTO insight_channel_rollups VALUES (NEW.site, NEW.channel, NEW.theme, NEW.day, NEW.touchpoint, NEW.band,
    NEW.sentiment, 1) ON CONFLICT DO UPDATE SET count = count + 1;
  INSERT INTO insight_week_rollups SELECT NEW.site, w.touchpoint, NEW.theme, date(NEW.day, 'weekday 0', '-6 days'),
    w.band, w.sentiment, 1 FROM (SELECT '' AS touchpoint, NEW.band AS band, NEW.sentiment AS sentiment
      UNION ALL SELECT NEW.touchpoint, '', '') w
    WHERE 1 ON CONFLICT DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER response_insight_themes_remove_more AFTER DELETE ON response_insight_themes BEGIN
  UPDATE insight_channel_rollups SET count = count - 1 WHERE site = OLD.site AND channel = OLD.channel
    AND theme = OLD.theme AND day = OLD.day AND touchpoint = OLD.touchpoint AND band = OLD.band
    AND sentiment = OLD.sentiment;
  UPDATE insight_week_rollups SET count = count - 1 WHERE site = OLD.site AND touchpoint = '' AND theme = OLD.theme
    AND week = date(OLD.day, 'weekday 0', '-6 days') AND band = OLD.band AND sentiment = OLD.sentiment;
  UPDATE insight_week_rollups SET count = count - 1 WHERE site = OLD.site AND touchpoint = OLD.touchpoint
    AND theme = OLD.theme AND week = date(OLD.day, 'weekday 0', '-6 days') AND band = '' AND sentiment = '';
END;
