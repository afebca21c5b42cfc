-- The variable rollups without the answer value, as SQLite's var_cell_rollups (migrations/sqlite/
-- 025_var_pair_rollups.sql; issue #14: every dashboard view under 200 ms of CPU at ten million responses a
-- year). The multivariable model needs each variable's levels counted by survey, touchpoint and channel (its
-- answers by level come from var_level_rollups, 026): read from var_rollups, a six-variable model at 1M
-- responses fetched and grouped ~234,000 rows of a 90-day window, ~520 ms of PostgreSQL's CPU (bench/README.md,
-- `bench/scores/pg-model-cells.ts`). Summed over the answer value (an NPS question's eleven values in one row),
-- the same window holds a fraction of them.
--
-- Kept by the store as var_level_rollups is (026; src/store/postgres/variable-rollups.ts): the same deltas
-- summed over the answer value upserted in the transaction that writes var_rollups, after its var_rollups and
-- level rows (each table's rows in its key order, so two collectors never lock rows in opposite orders), and
-- a variable's or a site's rows deleted where theirs are (binning, scan only, recounts; a deleted site
-- cascades). With the rollup shard in the key (029): one collector's rows never wait on another's.
CREATE TABLE var_cell_rollups (
  site       text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  variable   text COLLATE "C" NOT NULL,
  day        text COLLATE "C" NOT NULL,
  survey     text COLLATE "C" NOT NULL,
  touchpoint text COLLATE "C" NOT NULL,
  channel    text COLLATE "C" NOT NULL,
  question   text COLLATE "C" NOT NULL,
  qtype      text COLLATE "C" NOT NULL,
  level      text COLLATE "C" NOT NULL,
  count      integer NOT NULL,
  shard      smallint NOT NULL DEFAULT rollup_shard(),
  PRIMARY KEY (site, variable, day, survey, touchpoint, channel, question, qtype, level, shard)
);
-- Read through the key (variable, then day), as var_level_rollups (026): no parallel scan of the whole table.
ALTER TABLE var_cell_rollups SET (parallel_workers = 0);
-- Nor of the pairwise rollups (025), which only the model reads: a 90-day window at 1M responses holds ~110,000
-- of their ~450,000 rows; the planner chose a parallel scan of all of them (two workers beside the leader, each
-- filtering its share), ~105 ms of execution against ~92 ms for the same rows through the key without workers,
-- which then cost no CPU of their own (`bench/scores/pg-model-cells.ts`, BENCH_SERIAL=1).
ALTER TABLE var_pair_rollups SET (parallel_workers = 0);

-- Sites whose cell rows are still to be summed from var_rollups: the model reads var_rollups for them
-- meanwhile. Summed after a store opens (src/store/postgres/level-rollups.ts), one site per transaction holding
-- the site's row against writers, as 026's level rows: summing here would hold every collector's start for a
-- pass over var_rollups. A recount of the site's variable rollups (or a time-zone recount) also fills them.
CREATE TABLE var_cell_rollups_pending (
  site text COLLATE "C" PRIMARY KEY REFERENCES sites(key) ON DELETE CASCADE
);

INSERT INTO var_cell_rollups_pending (site) SELECT key FROM sites;
