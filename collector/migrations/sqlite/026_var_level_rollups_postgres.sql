-- migrations/postgres/026_var_level_rollups.sql gives PostgreSQL the level rollups SQLite has had since 024
-- (var_level_rollups, kept by triggers on var_rollups). This file keeps the numbering of both dialects equal;
-- it creates nothing.
SELECT 1;
