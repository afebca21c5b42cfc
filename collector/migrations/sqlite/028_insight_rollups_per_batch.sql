-- Insight rollups kept per batch on insert (issue #12). The row triggers of migrations 011, 021 and 023 ran
-- six trigger programs per analysis and per theme row, each with its own upserts (the variable-level ones
-- joining the response's variables): recording cost ~300–400 µs of CPU per response (`bench/insights/
-- record-cpu.ts`, load 6–8), more than the response's own ingest; without the rollups it cost ~32 µs.
-- `SqliteInsights.save` now adds a batch's counts with one grouped upsert per rollup table after inserting the
-- batch's rows (SqliteInsightRollups: the same counts the triggers made): ~200 µs, most of it the
-- variable-level rows, which are many distinct keys. The triggers that take an analysis back out (on delete,
-- on changed variables) stay: they fire for one row at a time, rarely.
DROP TRIGGER response_insights_add;
DROP TRIGGER response_insight_themes_add;
DROP TRIGGER response_insights_add_more;
DROP TRIGGER response_insight_themes_add_more;
DROP TRIGGER response_insights_var_add;
DROP TRIGGER response_insight_themes_var_add;
