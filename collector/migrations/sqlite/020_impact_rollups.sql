-- Impact rollups (issue #14: the impact of a touchpoint's rating on NPS, the importance–performance grid and
-- the journey map without a scan). Per day, survey, touchpoint and channel (as score_rollups), how many
-- respondents gave rating `value` to `question` (typed `qtype` when the response arrived: csat, ces, smiley or
-- thumbs) and `nps_value` to the NPS question `nps_question` of the same response. Kept by the write plan
-- (src/store/plan/impact-rollup.ts) in the transaction that saves the responses.
CREATE TABLE impact_rollups (
  site         TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  day          TEXT NOT NULL,
  survey       TEXT NOT NULL,
  touchpoint   TEXT NOT NULL,
  channel      TEXT NOT NULL,
  question     TEXT NOT NULL,
  qtype        TEXT NOT NULL,
  value        INTEGER NOT NULL,
  nps_question TEXT NOT NULL,
  nps_value    INTEGER NOT NULL,
  count        INTEGER NOT NULL,
  PRIMARY KEY (site, day, survey, touchpoint, channel, question, qtype, value, nps_question, nps_value)
) STRICT, WITHOUT ROWID;

-- Responses stored before this migration are counted by the recount of the variable rollups
-- (Store.rebuildVariableRollups), which now rebuilds these rows too; reads scan meanwhile.
INSERT OR IGNORE INTO variable_rollups_pending (site) SELECT DISTINCT site FROM responses;
