-- The index that lists a site's responses newest first was declared descending (site, created_at DESC, id DESC).
-- Responses arrive roughly in time order, so every insert went to the left edge of the site's range, where a
-- B-tree splits pages in half instead of appending: each group commit rewrote ~9 pages of this index for ~45
-- new entries, and the index stayed ~42 % empty (measured under bench:ingest, issue #12). Ascending, new
-- entries append at the right edge; SQLite walks the same index backwards for ORDER BY created_at DESC, id DESC.
DROP INDEX responses_site_created;
CREATE INDEX responses_site_created ON responses (site, created_at, id);
