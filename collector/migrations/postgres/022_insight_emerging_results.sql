-- Emerging themes computed once, read fast: stored clusterings of unmatched comments, as
-- migrations/sqlite/022_insight_emerging_results.sql explains. Statement triggers with transition tables, so a
-- bulk deletion looks at the stored results once per statement.
CREATE TABLE insight_emerging (
  site        text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  query       text COLLATE "C" NOT NULL,
  computed_at text NOT NULL,
  comments    bigint NOT NULL,
  examples    text NOT NULL,
  result      text NOT NULL,           -- JSON as written (text: read back byte for byte)
  read_at     text NOT NULL,
  PRIMARY KEY (site, query)
);

CREATE FUNCTION responses_emerging_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM insight_emerging e USING gone g WHERE e.site = g.site AND strpos(e.examples, g.id) > 0;
  RETURN NULL;
END $$;
CREATE TRIGGER responses_emerging_delete AFTER DELETE ON responses
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION responses_emerging_delete();

-- Row by row, and only where the answers changed (an erasure, a partial response completed): ingest's other
-- updates pay nothing.
CREATE FUNCTION responses_emerging_answers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM insight_emerging WHERE site = OLD.site AND strpos(examples, OLD.id) > 0;
  RETURN NULL;
END $$;
CREATE TRIGGER responses_emerging_answers AFTER UPDATE OF answers ON responses
  FOR EACH ROW WHEN (OLD.answers IS DISTINCT FROM NEW.answers) EXECUTE FUNCTION responses_emerging_answers();
