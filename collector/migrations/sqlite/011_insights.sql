-- Verbatim insights (collector/src/insights): themes, sentiment and staff mentions of free-text answers,
-- computed off the ingest path by a background worker and a backfill command.

-- A site's taxonomy (null: the seeded default) and staff roster, edited through the admin API.
CREATE TABLE insight_config (
  site       TEXT PRIMARY KEY REFERENCES sites(key) ON DELETE CASCADE,
  taxonomy   TEXT,                   -- JSON { themes: [...] }, null = DEFAULT_TAXONOMY
  roster     TEXT NOT NULL,          -- JSON { staff: [...] }
  updated_at TEXT NOT NULL
) STRICT;

-- How far the worker has read the responses table, by rowid (insertion order, no extra index needed).
CREATE TABLE insight_progress (
  worker   TEXT PRIMARY KEY,
  last_row INTEGER NOT NULL
) STRICT;

-- Responses that were partial when analysed: looked at again when they are completed.
CREATE TABLE insight_pending (
  response_id TEXT PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
  updated_at  TEXT NOT NULL,
  since       TEXT NOT NULL
) STRICT;

-- One row per analysed response (with or without free text, so the NPS of all is known). `band` is the NPS
-- band of its NPS answer (promoter, passive, detractor) or 'none'. `analysis` holds sentences and spans
-- (offsets into the answer), never the text itself.
CREATE TABLE response_insights (
  response_id TEXT PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
  site        TEXT NOT NULL,
  touchpoint  TEXT NOT NULL,
  day         TEXT NOT NULL,          -- 'YYYY-MM-DD', UTC, of created_at
  band        TEXT NOT NULL,
  score       INTEGER,                -- the NPS answer, null without one
  has_text    INTEGER NOT NULL,
  language    TEXT,
  analysed    INTEGER NOT NULL,       -- 0: no text, or a language without a lexicon
  sentiment   TEXT,                   -- negative, neutral, positive, mixed
  question    TEXT,                   -- the free-text question the analysis is of
  analysis    TEXT                    -- JSON: sentences, themes and staff with spans
) STRICT;
CREATE INDEX response_insights_site_day ON response_insights (site, has_text, day);
CREATE INDEX response_insights_site_band ON response_insights (site, band, day) WHERE has_text = 1;

CREATE TABLE response_insight_themes (
  response_id TEXT NOT NULL REFERENCES response_insights(response_id) ON DELETE CASCADE,
  site        TEXT NOT NULL,
  touchpoint  TEXT NOT NULL,
  day         TEXT NOT NULL,
  band        TEXT NOT NULL,
  theme       TEXT NOT NULL,
  sentiment   TEXT NOT NULL,
  PRIMARY KEY (response_id, theme)
) STRICT;
CREATE INDEX response_insight_themes_site_theme ON response_insight_themes (site, theme, day);

CREATE TABLE response_insight_staff (
  response_id TEXT NOT NULL REFERENCES response_insights(response_id) ON DELETE CASCADE,
  site        TEXT NOT NULL,
  touchpoint  TEXT NOT NULL,
  day         TEXT NOT NULL,
  staff       TEXT NOT NULL,
  sentiment   TEXT NOT NULL,
  PRIMARY KEY (response_id, staff)
) STRICT;
CREATE INDEX response_insight_staff_site ON response_insight_staff (site, staff, day);

-- Daily rollups, kept by the triggers below whatever removes a row (re-analysis, erasure, retention):
-- theme '' counts every analysed response, '*' those with free text; a theme's rows count the responses
-- mentioning it. Counts at zero are kept; readers skip them.
CREATE TABLE insight_rollups (
  site       TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  day        TEXT NOT NULL,
  touchpoint TEXT NOT NULL,
  theme      TEXT NOT NULL,
  band       TEXT NOT NULL,
  sentiment  TEXT NOT NULL,
  count      INTEGER NOT NULL,
  PRIMARY KEY (site, theme, day, touchpoint, band, sentiment)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER response_insights_add AFTER INSERT ON response_insights BEGIN
  INSERT INTO insight_rollups VALUES (NEW.site, NEW.day, NEW.touchpoint, '', NEW.band, coalesce(NEW.sentiment, ''), 1)
    ON CONFLICT DO UPDATE SET count = count + 1;
  INSERT INTO insight_rollups SELECT NEW.site, NEW.day, NEW.touchpoint, '*', NEW.band, coalesce(NEW.sentiment, ''), 1
    WHERE NEW.has_text = 1 ON CONFLICT DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER response_insights_remove AFTER DELETE ON response_insights BEGIN
  UPDATE insight_rollups SET count = count - 1 WHERE site = OLD.site AND day = OLD.day
    AND touchpoint = OLD.touchpoint AND band = OLD.band AND sentiment = coalesce(OLD.sentiment, '')
    AND (theme = '' OR (theme = '*' AND OLD.has_text = 1));
END;
CREATE TRIGGER response_insight_themes_add AFTER INSERT ON response_insight_themes BEGIN
  INSERT INTO insight_rollups VALUES (NEW.site, NEW.day, NEW.touchpoint, NEW.theme, NEW.band, NEW.sentiment, 1)
    ON CONFLICT DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER response_insight_themes_remove AFTER DELETE ON response_insight_themes BEGIN
  UPDATE insight_rollups SET count = count - 1 WHERE site = OLD.site AND day = OLD.day
    AND touchpoint = OLD.touchpoint AND theme = OLD.theme AND band = OLD.band AND sentiment = OLD.sentiment;
END;
