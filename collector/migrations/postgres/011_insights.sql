-- Verbatim insights (issue #15, migrations/sqlite/011_insights.sql) are SQLite-only for now: the insights
-- plugin answers 503 on this store. This file keeps the PostgreSQL numbering equal to SQLite's; it creates
-- nothing.
SELECT 1;
