-- Nothing to do on SQLite; kept so both stores number their migrations alike. PostgreSQL's 027 keeps the
-- insight rollups per statement on insert (one grouped upsert per rollup table for a batch of analyses, from
-- the statement's transition table). SQLite has no statement triggers and no transition tables; its row
-- triggers run in the collector's own process, without a round trip or a lock shared with another collector.
SELECT 1;
