-- Insight rollups kept per statement on insert (issue #12: the insight worker's recording cost PostgreSQL about
-- ten times the response's own insert). Migrations 018, 021 and 023 keep the daily, channel, weekly and
-- variable-level insight rollups by row triggers that call one upsert function per analysis row, per theme row
-- and per rollup table: a batch of 300 analyses made ~1,400 function calls and ~6,000 single-row upserts, and
-- two collectors waited on each other's long recording transactions (the per-site advisory lock). An insert
-- now fires one statement trigger per table that adds the whole batch's counts, grouped (one upsert per
-- distinct key, in key order) from its transition table; a delete (re-analysis, a backfill, erasure, retention,
-- a response's cascade) takes them out the same way. The counts are the same: the store tests (test/insights/)
-- compare them with a recount after inserts, re-analysis, erasure and deletion.

-- The Monday of a day's ISO week (021) was declared IMMUTABLE while its body (a text-to-date cast, date_trunc
-- and to_char of a timestamp with time zone) is only STABLE, so PostgreSQL could not inline it: each of the
-- 2–6 calls per analysis row ran through the SQL-function executor, the largest single cost of recording.
-- STABLE is what it is (nothing indexes it), and it is inlined into the statements that call it.
CREATE OR REPLACE FUNCTION insight_week(d text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT to_char(date_trunc('week', d::date), 'YYYY-MM-DD')
$$;

DROP TRIGGER response_insights_rollup ON response_insights;
DROP TRIGGER response_insights_rollup_more ON response_insights;
DROP TRIGGER response_insights_var_rollup ON response_insights;
DROP TRIGGER response_insight_themes_rollup ON response_insight_themes;
DROP TRIGGER response_insight_themes_rollup_more ON response_insight_themes;
DROP TRIGGER response_insight_themes_var_rollup ON response_insight_themes;
DROP FUNCTION response_insights_rollup();
DROP FUNCTION response_insights_rollup_more();
DROP FUNCTION response_insights_var_rollup();
DROP FUNCTION response_insight_themes_rollup();
DROP FUNCTION response_insight_themes_rollup_more();
DROP FUNCTION response_insight_themes_var_rollup();
DROP FUNCTION insight_rollup_add(text, text, text, text, text, text, integer);
DROP FUNCTION insight_rollup_add_more(text, text, text, text, text, text, text, integer);
DROP FUNCTION insight_var_add(text, text, text, text, text, text, text, text, integer);

-- The statement trigger of both analysis tables, for inserts and deletes: every count one statement's rows add
-- (or, deleted, take out) in the daily, channel, weekly and variable-level rollups, one upsert per distinct key,
-- in key order. `parts` is a query over the statement's transition table (`changed`: the new rows of an insert,
-- the old rows of a delete; visible to this function's own statements only) giving one row per count
-- (response_id, site, channel, day, touchpoint, theme, band, sentiment), as the row functions of 018, 021 and
-- 023 added them one by one: an analysis counts under theme '' and, with free text, '*'; a theme row under its
-- theme. A response's variables are read from the response: when a deleted response's analyses go with it (the
-- cascade), the response is gone and their variable counts were taken out before (responses_insight_var_delete,
-- 023). Set-based all the way (no arrays): `touchpoint migrate` copies millions of analysis rows in one COPY
-- statement, which fires this once.
CREATE FUNCTION insight_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parts text;
  sign integer := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
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
      ON CONFLICT (site, theme, day, touchpoint, band, sentiment) DO UPDATE SET count = r.count + excluded.count
  $q$, parts, sign);
  EXECUTE format($q$
    WITH parts AS (%s)
    INSERT INTO insight_channel_rollups AS r (site, channel, theme, day, touchpoint, band, sentiment, count)
      SELECT site, channel, theme, day, touchpoint, band, sentiment, %s * count(*) FROM parts
      GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
      ON CONFLICT (site, channel, theme, day, touchpoint, band, sentiment)
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
      ON CONFLICT (site, touchpoint, theme, week, band, sentiment) DO UPDATE SET count = r.count + excluded.count
  $q$, parts, sign);
  EXECUTE format($q$
    WITH parts AS (%s)
    INSERT INTO insight_var_rollups AS v
      SELECT p.site, l.variable, l.level, g.grain, g.day, g.channel, g.touchpoint, p.theme, g.band, g.sentiment,
        %s * count(*)
      FROM parts p JOIN insight_var_levels l ON l.response_id = p.response_id,
        LATERAL (VALUES ('d', p.day, p.channel, p.touchpoint, p.band, p.sentiment),
                        ('w', insight_week(p.day), '', '', p.band, p.sentiment),
                        ('s', insight_week(p.day), '', p.touchpoint, '', ''))
          g(grain, day, channel, touchpoint, band, sentiment)
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
      ON CONFLICT (site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment)
      DO UPDATE SET count = v.count + excluded.count
  $q$, parts, sign);
  RETURN NULL;
END $$;

CREATE TRIGGER response_insights_rollup_inserted AFTER INSERT ON response_insights
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION insight_rows_changed();
CREATE TRIGGER response_insights_rollup_deleted AFTER DELETE ON response_insights
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION insight_rows_changed();
CREATE TRIGGER response_insight_themes_rollup_inserted AFTER INSERT ON response_insight_themes
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION insight_rows_changed();
CREATE TRIGGER response_insight_themes_rollup_deleted AFTER DELETE ON response_insight_themes
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION insight_rows_changed();
