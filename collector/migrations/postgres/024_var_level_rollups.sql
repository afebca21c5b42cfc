-- Nothing to do on PostgreSQL. migrations/sqlite/024_var_level_rollups.sql adds var_rollups summed over
-- touchpoint and channel because SQLite groups a window's rows by sorting them (the driver screen's cost at
-- ten million responses); PostgreSQL groups var_rollups with a hash aggregate and reads it as it is. Kept so
-- both dialects keep the same migration numbers.
SELECT 1;
