-- The insight rollups by variable level (023) keep their week rows only for weeks before the horizon, as the week
-- tables of 032 do (issue #12). Each analysis counted a row per part, rolled-up variable and grain: its day
-- ('d'), its week over every store ('w') and its store's week ('s'), so live traffic wrote three rows where one
-- is read. Now a week from the horizon (week_rollup_horizon.monday) on has only its day rows; a view reads its
-- whole weeks before the horizon from the week rows and everything after from the day rows
-- (insights/sqlite-insight-views.ts), and the writer sums each week into its week rows when the horizon passes
-- it (store/sqlite/week-tier.ts).
--
-- insight_var_parts, which the recount and the triggers that take counts out (a response deleted, its
-- variables changed) read, counts week rows only before the horizon, so every path agrees on which rows exist.
DROP VIEW insight_var_parts;
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
  ) p, (SELECT 'd' AS grain UNION ALL SELECT 'w' UNION ALL SELECT 's') g
  WHERE g.grain = 'd' OR date(p.day, 'weekday 0', '-6 days') < (SELECT monday FROM week_rollup_horizon);

DELETE FROM insight_var_rollups WHERE grain IN ('w', 's') AND day >= (SELECT monday FROM week_rollup_horizon);
