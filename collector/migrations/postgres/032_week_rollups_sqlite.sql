-- Nothing to do on PostgreSQL; kept so both stores number their migrations alike. SQLite's 032 adds week rows
-- beside its day rollups, because SQLite groups a window's rows with a sort and so pays for every row it reads;
-- PostgreSQL groups them with a hash.
SELECT 1;
