-- migrations/sqlite/033_insight_var_week_tier.sql keeps SQLite's insight rollups by variable level for weeks
-- before the week horizon only, as its week tables. PostgreSQL keeps every week's rows there (its statement
-- triggers add a batch's rows in one statement): this file keeps the numbering of both dialects equal; it
-- changes nothing.
SELECT 1;
