-- The variable rollups without touchpoint and channel, as migrations/sqlite/024_var_level_rollups.sql (issue #12:
-- the driver screen and segments as fast on PostgreSQL as on SQLite). 024 left PostgreSQL without them on the
-- theory that its hash aggregate made them unnecessary; measured at 1M responses (bench:scores), the driver
-- screen's read of a 90-day window still fetched and grouped ~236,000 var_rollups rows, 365–617 ms of server
-- CPU, and a numeric segment ~60,000 (147 ms). Summed over touchpoint and channel the same window holds ~71,000
-- and ~18,000 rows. Reads that filter by touchpoint or channel, or group by them, still read var_rollups.
--
-- Kept by the store, not by triggers: every write of var_rollups goes through src/store/postgres/variable-rollups.ts,
-- which upserts the same deltas summed over touchpoint and channel here in the same transaction (one
-- `INSERT … ON CONFLICT DO UPDATE SET count = count + excluded.count`, rows in key order, after the var_rollups
-- upsert), and deletes a variable's or a site's rows where it deletes their var_rollups rows (binning, scan
-- only, recounts; a deleted site cascades). Row triggers would lock these rows in var_rollups' key order, which
-- is not this table's (touchpoint and channel sit between survey and question), and statement triggers fire
-- twice for one upsert (its inserts, then its updates), each pass in its own order: either way two collectors
-- writing at once could lock two level rows in opposite orders and deadlock. A collector of an older version
-- still writing after this migration would leave these rows behind: upgrade the collectors together (a recount,
-- Store.rebuildVariableRollups, rebuilds them).
CREATE TABLE var_level_rollups (
  site     text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  variable text COLLATE "C" NOT NULL,
  day      text COLLATE "C" NOT NULL,
  survey   text COLLATE "C" NOT NULL,
  question text COLLATE "C" NOT NULL,
  qtype    text COLLATE "C" NOT NULL,
  level    text COLLATE "C" NOT NULL,
  value    integer NOT NULL,
  count    integer NOT NULL,
  PRIMARY KEY (site, variable, day, survey, question, qtype, level, value)
);
-- No parallel scans of it. A 90-day driver screen at 1M responses reads ~71,000 of ~470,000 rows through the
-- key (variable, then day); the planner priced a parallel scan of the whole table lower, which cost the server
-- ~270 ms of CPU per screen (two workers started, every row filtered) against ~80 ms through the index
-- (EXPLAIN ANALYZE on bench:scores' database, bench/README.md).
ALTER TABLE var_level_rollups SET (parallel_workers = 0);

-- Sites whose level rows are still to be summed from var_rollups: reads use var_rollups for them meanwhile.
-- Summing them here would hold every collector's start for the length of a pass over var_rollups (seconds at a
-- million responses, longer than a collector waits for its store to open); the store sums each site after it
-- opens instead (src/store/postgres/level-rollups.ts), in a transaction of its own that holds the site's row
-- against writers, as a time-zone recount does. A recount of the site also fills them.
CREATE TABLE var_level_rollups_pending (
  site text COLLATE "C" PRIMARY KEY REFERENCES sites(key) ON DELETE CASCADE
);

INSERT INTO var_level_rollups_pending (site) SELECT key FROM sites;
