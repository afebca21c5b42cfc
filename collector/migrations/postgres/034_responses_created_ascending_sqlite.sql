-- migrations/sqlite/034_responses_created_ascending.sql turns SQLite's index of a site's responses by time
-- ascending, so that new entries append instead of splitting pages at the index's left edge. PostgreSQL keeps
-- its index as created (rebuilding it would lock the table against writes while it is built, on an installation
-- that several collectors write to): this file keeps the numbering of both dialects equal; it changes nothing.
SELECT 1;
