-- Emerging themes computed once, read fast (issue #15): the clustering of a site's unmatched comments for one
-- request (window, store, segment, minCount, limit), stored with when it was computed and how many analysed
-- comments the site had then. The view answers from here while fewer than EMERGING_REFRESH_COMMENTS comments
-- were analysed or removed since; the insight worker's tick computes stale ones again
-- (src/insights/emerging-results.ts). An edit of the taxonomy or roster deletes the site's rows (the store's
-- saveConfig); a response deleted, or its answers changed (an erasure), deletes the rows that show it as an
-- example (the triggers below), so no stored result quotes a comment that is gone.
CREATE TABLE insight_emerging (
  site        TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  query       TEXT NOT NULL,          -- the request as canonical JSON (emergingKey)
  computed_at TEXT NOT NULL,
  comments    INTEGER NOT NULL,       -- the site's analysed comments when computed
  examples    TEXT NOT NULL,          -- the example response ids, ' '-separated
  result      TEXT NOT NULL,          -- JSON: the view's reply
  read_at     TEXT NOT NULL,          -- the last read: the worker refreshes only results still looked at
  PRIMARY KEY (site, query)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER responses_emerging_delete AFTER DELETE ON responses BEGIN
  DELETE FROM insight_emerging WHERE site = OLD.site AND instr(examples, OLD.id) > 0;
END;
CREATE TRIGGER responses_emerging_answers AFTER UPDATE OF answers ON responses WHEN OLD.answers IS NOT NEW.answers BEGIN
  DELETE FROM insight_emerging WHERE site = OLD.site AND instr(examples, OLD.id) > 0;
END;
