-- Variable rollups, as migrations/sqlite/017_variable_rollups.sql (issue #14: every dashboard view fast at ten million responses a year). Per day, survey,
-- touchpoint, channel and scored question (as score_rollups), how many respondents gave `value`, per
-- (variable, level): segments, single-variable `var.*` filters and the driver screen read these instead of
-- scanning the window. Kept by the write plan (src/store/plan/variable-rollup.ts) in the transaction that
-- saves the responses. `level` is the JSON text of the value ('"gold"', '2', 'true', 'null'); the columns
-- device and trigger are the variables '#device' and '#trigger'.
CREATE TABLE var_rollups (
  site       text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  day        text COLLATE "C" NOT NULL,
  survey     text COLLATE "C" NOT NULL,
  touchpoint text COLLATE "C" NOT NULL,
  channel    text COLLATE "C" NOT NULL,
  question   text COLLATE "C" NOT NULL,
  qtype      text COLLATE "C" NOT NULL,
  variable   text COLLATE "C" NOT NULL,
  level      text COLLATE "C" NOT NULL,
  value      integer NOT NULL,
  count      integer NOT NULL,
  PRIMARY KEY (site, variable, day, survey, touchpoint, channel, question, qtype, level, value)
);

-- The variables rolled up per site and how many levels each has; `scan_only` once they exceeded the cap
-- (MAX_ROLLUP_LEVELS): its var_rollups rows are gone and reads scan.
CREATE TABLE rollup_variables (
  site      text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  variable  text COLLATE "C" NOT NULL,
  levels    integer NOT NULL,
  scan_only integer NOT NULL,
  PRIMARY KEY (site, variable)
);

-- The levels seen per rolled-up variable (what `levels` counts).
CREATE TABLE rollup_levels (
  site     text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  variable text COLLATE "C" NOT NULL,
  level    text COLLATE "C" NOT NULL,
  PRIMARY KEY (site, variable, level)
);

-- Sites whose responses predate this migration: their variable rollups are incomplete until
-- Store.rebuildVariableRollups has counted them (the recount); reads scan meanwhile.
CREATE TABLE variable_rollups_pending (
  site text COLLATE "C" PRIMARY KEY REFERENCES sites(key) ON DELETE CASCADE
);

INSERT INTO variable_rollups_pending (site) SELECT DISTINCT site FROM responses;
