-- migrations/postgres/030_var_cell_rollups.sql gives PostgreSQL the cell rollups SQLite has had since 025
-- (var_cell_rollups: var_rollups without the answer value, kept by triggers). This file keeps the numbering of
-- both dialects equal; it changes nothing.
SELECT 1;
