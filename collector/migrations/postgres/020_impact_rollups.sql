-- Impact rollups, as migrations/sqlite/020_impact_rollups.sql (issue #14: the impact of a touchpoint's rating
-- on NPS, the importance–performance grid and the journey map without a scan). Per day, survey, touchpoint
-- and channel (as score_rollups), how many respondents gave rating `value` to `question` (typed `qtype` when
-- the response arrived: csat, ces, smiley or thumbs) and `nps_value` to the NPS question `nps_question` of the
-- same response. Kept by the write plan (src/store/plan/impact-rollup.ts) in the transaction that saves the
-- responses.
CREATE TABLE impact_rollups (
  site         text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  day          text COLLATE "C" NOT NULL,
  survey       text COLLATE "C" NOT NULL,
  touchpoint   text COLLATE "C" NOT NULL,
  channel      text COLLATE "C" NOT NULL,
  question     text COLLATE "C" NOT NULL,
  qtype        text COLLATE "C" NOT NULL,
  value        integer NOT NULL,
  nps_question text COLLATE "C" NOT NULL,
  nps_value    integer NOT NULL,
  count        integer NOT NULL,
  PRIMARY KEY (site, day, survey, touchpoint, channel, question, qtype, value, nps_question, nps_value)
);

-- Responses stored before this migration are counted by the recount of the variable rollups
-- (Store.rebuildVariableRollups), which now rebuilds these rows too; reads scan meanwhile.
INSERT INTO variable_rollups_pending (site) SELECT DISTINCT site FROM responses ON CONFLICT DO NOTHING;
