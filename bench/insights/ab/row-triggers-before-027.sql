-- bench:pg-recording A/B: the insight rollup triggers as they were before migration 027 (row triggers, insight_week
-- IMMUTABLE and so not inlined). BENCH_ALT_SQL=bench/insights/ab/row-triggers-before-027.sql pnpm bench:pg-recording
CREATE OR REPLACE FUNCTION insight_week(d text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(date_trunc('week', d::date), 'YYYY-MM-DD')
$$;
DROP TRIGGER response_insights_rollup_inserted ON response_insights;
DROP TRIGGER response_insight_themes_rollup_inserted ON response_insight_themes;
DROP TRIGGER response_insights_rollup ON response_insights;
DROP TRIGGER response_insights_rollup_more ON response_insights;
DROP TRIGGER response_insights_var_rollup ON response_insights;
DROP TRIGGER response_insight_themes_rollup ON response_insight_themes;
DROP TRIGGER response_insight_themes_rollup_more ON response_insight_themes;
DROP TRIGGER response_insight_themes_var_rollup ON response_insight_themes;
CREATE TRIGGER response_insights_rollup AFTER INSERT OR DELETE ON response_insights FOR EACH ROW EXECUTE FUNCTION response_insights_rollup();
CREATE TRIGGER response_insights_rollup_more AFTER INSERT OR DELETE ON response_insights FOR EACH ROW EXECUTE FUNCTION response_insights_rollup_more();
CREATE TRIGGER response_insights_var_rollup AFTER INSERT OR DELETE ON response_insights FOR EACH ROW EXECUTE FUNCTION response_insights_var_rollup();
CREATE TRIGGER response_insight_themes_rollup AFTER INSERT OR DELETE ON response_insight_themes FOR EACH ROW EXECUTE FUNCTION response_insight_themes_rollup();
CREATE TRIGGER response_insight_themes_rollup_more AFTER INSERT OR DELETE ON response_insight_themes FOR EACH ROW EXECUTE FUNCTION response_insight_themes_rollup_more();
CREATE TRIGGER response_insight_themes_var_rollup AFTER INSERT OR DELETE ON response_insight_themes FOR EACH ROW EXECUTE FUNCTION response_insight_themes_var_rollup();
