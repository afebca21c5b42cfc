-- Verbatim insights on PostgreSQL (issue #15 on the store of issue #12): the tables of
-- migrations/sqlite/011_insights.sql, with the same columns and the same rollup triggers, and a queue in
-- place of SQLite's rowid watermark (PostgreSQL has no insertion order that several collectors agree on).

CREATE TABLE insight_config (
  site       text COLLATE "C" PRIMARY KEY REFERENCES sites(key) ON DELETE CASCADE,
  taxonomy   jsonb,                  -- { themes: [...] }, null = DEFAULT_TAXONOMY
  roster     jsonb NOT NULL,         -- { staff: [...] }
  updated_at iso_time NOT NULL
);

-- Responses not analysed yet, filled by the trigger below as responses arrive. A collector claims rows
-- with FOR UPDATE SKIP LOCKED and deletes them in the transaction that records their analyses, so two
-- collectors never analyse one response at once, and a crash leaves the row for the next run.
CREATE TABLE insight_queue (
  seq         bigint GENERATED ALWAYS AS IDENTITY,
  response_id text COLLATE "C" PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE
);
CREATE INDEX insight_queue_seq ON insight_queue (seq);

CREATE FUNCTION insight_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO insight_queue (response_id) SELECT id FROM inserted_responses ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
-- One statement per ingest batch (its multi-row INSERT), not one per row.
CREATE TRIGGER responses_insight_enqueue AFTER INSERT ON responses
  REFERENCING NEW TABLE AS inserted_responses FOR EACH STATEMENT EXECUTE FUNCTION insight_enqueue();

-- Responses that were partial when analysed: looked at again when they change (as on SQLite).
CREATE TABLE insight_pending (
  response_id text COLLATE "C" PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
  updated_at  iso_time NOT NULL,
  since       iso_time NOT NULL
);

CREATE TABLE response_insights (
  response_id text COLLATE "C" PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
  site        text COLLATE "C" NOT NULL,
  touchpoint  text COLLATE "C" NOT NULL,
  day         text COLLATE "C" NOT NULL,   -- 'YYYY-MM-DD', UTC, of created_at
  band        text NOT NULL,
  score       integer,
  has_text    boolean NOT NULL,
  language    text,
  analysed    boolean NOT NULL,
  sentiment   text,
  question    text,
  analysis    jsonb                        -- sentences, themes and staff with spans, never the text
);
CREATE INDEX response_insights_site_day ON response_insights (site, has_text, day);
CREATE INDEX response_insights_site_band ON response_insights (site, band, day) WHERE has_text;

CREATE TABLE response_insight_themes (
  response_id text COLLATE "C" NOT NULL REFERENCES response_insights(response_id) ON DELETE CASCADE,
  site        text COLLATE "C" NOT NULL,
  touchpoint  text COLLATE "C" NOT NULL,
  day         text COLLATE "C" NOT NULL,
  band        text NOT NULL,
  theme       text COLLATE "C" NOT NULL,
  sentiment   text NOT NULL,
  PRIMARY KEY (response_id, theme)
);
CREATE INDEX response_insight_themes_site_theme ON response_insight_themes (site, theme, day);

CREATE TABLE response_insight_staff (
  response_id text COLLATE "C" NOT NULL REFERENCES response_insights(response_id) ON DELETE CASCADE,
  site        text COLLATE "C" NOT NULL,
  touchpoint  text COLLATE "C" NOT NULL,
  day         text COLLATE "C" NOT NULL,
  staff       text COLLATE "C" NOT NULL,
  sentiment   text NOT NULL,
  PRIMARY KEY (response_id, staff)
);
CREATE INDEX response_insight_staff_site ON response_insight_staff (site, staff, day);

-- Daily rollups kept by the triggers below whatever removes a row (re-analysis, erasure, retention, a
-- cascade): theme '' counts every analysed response, '*' those with free text, a theme's rows the
-- responses mentioning it. Counts at zero are kept; readers skip them.
CREATE TABLE insight_rollups (
  site       text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  day        text COLLATE "C" NOT NULL,
  touchpoint text COLLATE "C" NOT NULL,
  theme      text COLLATE "C" NOT NULL,
  band       text COLLATE "C" NOT NULL,
  sentiment  text COLLATE "C" NOT NULL,
  count      integer NOT NULL,
  PRIMARY KEY (site, theme, day, touchpoint, band, sentiment)
);

CREATE FUNCTION insight_rollup_add(s text, d text, tp text, th text, b text, se text, delta integer)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO insight_rollups AS r VALUES (s, d, tp, th, b, se, delta)
    ON CONFLICT (site, theme, day, touchpoint, band, sentiment) DO UPDATE SET count = r.count + excluded.count
$$;

CREATE FUNCTION response_insights_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row response_insights;
  delta integer;
BEGIN
  IF TG_OP = 'INSERT' THEN row := NEW; delta := 1; ELSE row := OLD; delta := -1; END IF;
  PERFORM insight_rollup_add(row.site, row.day, row.touchpoint, '', row.band, coalesce(row.sentiment, ''), delta);
  IF row.has_text THEN
    PERFORM insight_rollup_add(row.site, row.day, row.touchpoint, '*', row.band, coalesce(row.sentiment, ''), delta);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER response_insights_rollup AFTER INSERT OR DELETE ON response_insights
  FOR EACH ROW EXECUTE FUNCTION response_insights_rollup();

CREATE FUNCTION response_insight_themes_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row response_insight_themes;
BEGIN
  IF TG_OP = 'INSERT' THEN row := NEW; ELSE row := OLD; END IF;
  PERFORM insight_rollup_add(row.site, row.day, row.touchpoint, row.theme, row.band, row.sentiment,
    CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END);
  RETURN NULL;
END $$;
CREATE TRIGGER response_insight_themes_rollup AFTER INSERT OR DELETE ON response_insight_themes
  FOR EACH ROW EXECUTE FUNCTION response_insight_themes_rollup();

-- Responses stored before this migration wait for analysis like new ones.
INSERT INTO insight_queue (response_id) SELECT id FROM responses ORDER BY created_at;
