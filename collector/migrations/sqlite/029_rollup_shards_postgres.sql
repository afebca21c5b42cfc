-- migrations/postgres/029_rollup_shards.sql gives PostgreSQL's write-hot rollup tables a shard column, so two
-- collectors on one database never upsert the same row. SQLite has one writer (one collector per file): this
-- file keeps the numbering of both dialects equal; it changes nothing.
SELECT 1;
