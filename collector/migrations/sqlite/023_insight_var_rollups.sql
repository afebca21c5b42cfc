-- Insight rollups by variable level (issue #15: themes and trend of a `var.*` segment without a scan). Per
-- site, variable, level, day (grain 'd') and ISO week (keyed by its Monday: a window of months sums its whole
-- weeks and only its edge days; as insight_week_rollups, grain 'w' counts every store by band and sentiment,
-- grain 's' a store's own count, and neither has a channel), channel, store, theme ('' every analysed response, '*' those with text, else a
-- theme), band and sentiment, as insight_rollups counts them. `level` is the value as `vars -> '$.name'` gives
-- it (JSON text: '"North"', '2', 'true'), the form the scan compares. Only variables rolled up with their own
-- levels (rollup_variables.scan_only = 0 and not binned: under the site's rollupLevelCap); a view uses these
-- rows only while that holds and the site's variable rollups are complete (no variable_rollups_pending row).
-- Kept by the triggers below: an analysis stored or replaced, a response deleted (before its analysis rows
-- cascade away) and a response's variables changed (an erasure sets them to '{}'); rebuilt with the variable
-- rollups (rollups.ts rebuildVariables).
CREATE TABLE insight_var_rollups (
  site       TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  variable   TEXT NOT NULL,
  level      TEXT NOT NULL,
  grain      TEXT NOT NULL,           -- 'd': the day; 'w' and 's': `day` is the Monday of the day's ISO week
  day        TEXT NOT NULL,
  channel    TEXT NOT NULL,           -- '' on weekly rows
  touchpoint TEXT NOT NULL,           -- '' on grain 'w' (every store)
  theme      TEXT NOT NULL,
  band       TEXT NOT NULL,           -- '' on grain 's'
  sentiment  TEXT NOT NULL,           -- '' on grain 's'
  count      INTEGER NOT NULL,
  PRIMARY KEY (site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment)
) STRICT, WITHOUT ROWID;

-- The rolled-up variables of a response with their levels: (site, vars) → (variable, level).
CREATE VIEW insight_var_levels AS
  SELECT r.id AS response_id, j.key AS variable, r.vars -> j.fullkey AS level FROM responses r, json_each(r.vars) j
  WHERE EXISTS (SELECT 1 FROM rollup_variables v WHERE v.site = r.site AND v.variable = j.key AND v.scan_only = 0)
    AND NOT EXISTS (SELECT 1 FROM rollup_bins b WHERE b.site = r.site AND b.variable = j.key);

-- Each count one stored analysis contributes: its response ('' and, with text, '*') and each theme row, once
-- per rolled-up variable of its response, into its day and into its week (every store's and its own). 'weekday 0' moves to the coming
-- Sunday (or stays on one); six days back is that week's Monday.
CREATE VIEW insight_var_parts AS
  SELECT p.response_id, p.site, p.variable, p.level, g.grain,
    CASE g.grain WHEN 'd' THEN p.day ELSE date(p.day, 'weekday 0', '-6 days') END AS day,
    CASE g.grain WHEN 'd' THEN p.channel ELSE '' END AS channel,
    CASE g.grain WHEN 'w' THEN '' ELSE p.touchpoint END AS touchpoint, p.theme,
    CASE g.grain WHEN 's' THEN '' ELSE p.band END AS band,
    CASE g.grain WHEN 's' THEN '' ELSE p.sentiment END AS sentiment
  FROM (
    SELECT ri.response_id, ri.site, l.variable, l.level, ri.day, ri.channel, ri.touchpoint, t.theme, ri.band,
      coalesce(ri.sentiment, '') AS sentiment
    FROM response_insights ri JOIN insight_var_levels l ON l.response_id = ri.response_id,
      (SELECT '' AS theme UNION ALL SELECT '*') t
    WHERE t.theme = '' OR ri.has_text = 1
    UNION ALL
    SELECT t.response_id, t.site, l.variable, l.level, t.day, t.channel, t.touchpoint, t.theme, t.band, t.sentiment
    FROM response_insight_themes t JOIN insight_var_levels l ON l.response_id = t.response_id
  ) p, (SELECT 'd' AS grain UNION ALL SELECT 'w' UNION ALL SELECT 's') g;

INSERT INTO insight_var_rollups
  SELECT site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment, count(*)
  FROM insight_var_parts GROUP BY site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment;

-- The rows (grain, day, channel, touchpoint, band, sentiment) an analysis row counts in, as insight_var_parts.
CREATE TRIGGER response_insights_var_add AFTER INSERT ON response_insights BEGIN
  INSERT INTO insight_var_rollups SELECT NEW.site, l.variable, l.level, g.grain, g.day, g.channel, g.touchpoint,
    t.theme, g.band, g.sentiment, 1 FROM insight_var_levels l,
    (SELECT '' AS theme UNION ALL SELECT '*' WHERE NEW.has_text = 1) t,
    (SELECT 'd' AS grain, NEW.day AS day, NEW.channel AS channel, NEW.touchpoint AS touchpoint, NEW.band AS band,
        coalesce(NEW.sentiment, '') AS sentiment
      UNION ALL SELECT 'w', date(NEW.day, 'weekday 0', '-6 days'), '', '', NEW.band, coalesce(NEW.sentiment, '')
      UNION ALL SELECT 's', date(NEW.day, 'weekday 0', '-6 days'), '', NEW.touchpoint, '', '') g
    WHERE l.response_id = NEW.response_id ON CONFLICT DO UPDATE SET count = count + 1;
END;
-- A replaced analysis: the response is still there. A deleted response: its row is gone by now, so nothing
-- is found here; responses_insight_var_delete took its counts out before.
CREATE TRIGGER response_insights_var_remove AFTER DELETE ON response_insights BEGIN
  UPDATE insight_var_rollups SET count = count - 1 WHERE site = OLD.site
    AND (variable, level) IN (SELECT variable, level FROM insight_var_levels WHERE response_id = OLD.response_id)
    AND (grain, day, channel, touchpoint, band, sentiment) IN (
      VALUES ('d', OLD.day, OLD.channel, OLD.touchpoint, OLD.band, coalesce(OLD.sentiment, '')),
        ('w', date(OLD.day, 'weekday 0', '-6 days'), '', '', OLD.band, coalesce(OLD.sentiment, '')),
        ('s', date(OLD.day, 'weekday 0', '-6 days'), '', OLD.touchpoint, '', ''))
    AND theme IN ('', CASE WHEN OLD.has_text = 1 THEN '*' END);
END;
CREATE TRIGGER response_insight_themes_var_add AFTER INSERT ON response_insight_themes BEGIN
  INSERT INTO insight_var_rollups SELECT NEW.site, l.variable, l.level, g.grain, g.day, g.channel, g.touchpoint,
    NEW.theme, g.band, g.sentiment, 1 FROM insight_var_levels l,
    (SELECT 'd' AS grain, NEW.day AS day, NEW.channel AS channel, NEW.touchpoint AS touchpoint, NEW.band AS band,
        NEW.sentiment AS sentiment
      UNION ALL SELECT 'w', date(NEW.day, 'weekday 0', '-6 days'), '', '', NEW.band, NEW.sentiment
      UNION ALL SELECT 's', date(NEW.day, 'weekday 0', '-6 days'), '', NEW.touchpoint, '', '') g
    WHERE l.response_id = NEW.response_id ON CONFLICT DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER response_insight_themes_var_remove AFTER DELETE ON response_insight_themes BEGIN
  UPDATE insight_var_rollups SET count = count - 1 WHERE site = OLD.site
    AND (variable, level) IN (SELECT variable, level FROM insight_var_levels WHERE response_id = OLD.response_id)
    AND (grain, day, channel, touchpoint, band, sentiment) IN (
      VALUES ('d', OLD.day, OLD.channel, OLD.touchpoint, OLD.band, OLD.sentiment),
        ('w', date(OLD.day, 'weekday 0', '-6 days'), '', '', OLD.band, OLD.sentiment),
        ('s', date(OLD.day, 'weekday 0', '-6 days'), '', OLD.touchpoint, '', ''))
    AND theme = OLD.theme;
END;

-- A response deleted: its counts out while its analysis rows are still there (they cascade away after).
CREATE TRIGGER responses_insight_var_delete BEFORE DELETE ON responses BEGIN
  UPDATE insight_var_rollups SET count = count - p.n FROM (
    SELECT site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment, count(*) AS n
    FROM insight_var_parts WHERE response_id = OLD.id
    GROUP BY site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment) p
  WHERE insight_var_rollups.site = p.site AND insight_var_rollups.variable = p.variable
    AND insight_var_rollups.level = p.level AND insight_var_rollups.grain = p.grain
    AND insight_var_rollups.day = p.day AND insight_var_rollups.channel = p.channel
    AND insight_var_rollups.touchpoint = p.touchpoint AND insight_var_rollups.theme = p.theme
    AND insight_var_rollups.band = p.band AND insight_var_rollups.sentiment = p.sentiment;
END;
-- A response's variables changed (an erasure): its counts out under the old levels, in under the new ones.
CREATE TRIGGER responses_insight_var_before BEFORE UPDATE OF vars ON responses WHEN OLD.vars IS NOT NEW.vars BEGIN
  UPDATE insight_var_rollups SET count = count - p.n FROM (
    SELECT site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment, count(*) AS n
    FROM insight_var_parts WHERE response_id = OLD.id
    GROUP BY site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment) p
  WHERE insight_var_rollups.site = p.site AND insight_var_rollups.variable = p.variable
    AND insight_var_rollups.level = p.level AND insight_var_rollups.grain = p.grain
    AND insight_var_rollups.day = p.day AND insight_var_rollups.channel = p.channel
    AND insight_var_rollups.touchpoint = p.touchpoint AND insight_var_rollups.theme = p.theme
    AND insight_var_rollups.band = p.band AND insight_var_rollups.sentiment = p.sentiment;
END;
CREATE TRIGGER responses_insight_var_after AFTER UPDATE OF vars ON responses WHEN OLD.vars IS NOT NEW.vars BEGIN
  INSERT INTO insight_var_rollups
    SELECT site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment, count(*)
    FROM insight_var_parts WHERE response_id = NEW.id
    GROUP BY site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment
    ON CONFLICT DO UPDATE SET count = count + excluded.count;
END;
