-- Nothing to do on PostgreSQL; kept so both stores number their migrations alike. SQLite's 028 adds the
-- insight rollups of a batch of analyses with grouped upserts instead of row triggers, which PostgreSQL has
-- done per statement since its 027.
SELECT 1;
