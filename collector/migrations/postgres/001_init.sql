-- The PostgreSQL schema mirrors migrations/sqlite/ file by file (same numbers, same tables and columns), so
-- that both stores keep one contract (src/store/store.ts) and `touchpoint migrate` copies rows as they are.
-- Choices made once for every file:
-- * Times are ISO 8601 UTC text ('2026-11-01T10:00:00.000Z', `iso_time` below), as on SQLite: the store
--   hands them out exactly as received (timestamptz would keep microseconds and print another format),
--   cursors and filters compare them as text, and that order is the time order because the format is fixed.
-- * Keys, ids and times sort byte-wise (COLLATE "C"), as SQLite does, whatever the database's locale.
-- * JSON is jsonb (answers, variables, definitions, settings); booleans are boolean.
CREATE DOMAIN iso_time AS text COLLATE "C";

-- Sites, touchpoints and surveys: the catalog, edited through the admin API.
CREATE TABLE sites (
  key        text COLLATE "C" PRIMARY KEY,
  name       text NOT NULL,
  origins    jsonb NOT NULL,         -- array of origins
  settings   jsonb NOT NULL,
  created_at iso_time NOT NULL,
  updated_at iso_time NOT NULL
);

CREATE TABLE touchpoints (
  site       text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  id         text COLLATE "C" NOT NULL,
  name       text NOT NULL,
  kind       text NOT NULL,
  tags       jsonb NOT NULL,         -- array
  created_at iso_time NOT NULL,
  updated_at iso_time NOT NULL,
  PRIMARY KEY (site, id)
);

CREATE TABLE surveys (
  site       text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  id         text COLLATE "C" NOT NULL,
  definition jsonb NOT NULL,         -- the whole survey (shared/src/survey.ts)
  active     boolean NOT NULL,
  created_at iso_time NOT NULL,
  updated_at iso_time NOT NULL,
  PRIMARY KEY (site, id)
);

-- Responses: one row per client-generated id, merged from partial to complete.
CREATE TABLE responses (
  id               text COLLATE "C" PRIMARY KEY,
  site             text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  survey           text COLLATE "C" NOT NULL,
  touchpoint       text COLLATE "C" NOT NULL,
  answers          jsonb NOT NULL,   -- question id -> answer
  partial          boolean NOT NULL,
  locale           text,
  created_at       iso_time NOT NULL, -- when the respondent started (client clock, clamped)
  received_at      iso_time NOT NULL, -- first arrival at the collector
  updated_at       iso_time NOT NULL,
  channel          text COLLATE "C" NOT NULL,
  url              text,
  referrer         text,
  trigger          text COLLATE "C",
  kiosk            text COLLATE "C",
  vars             jsonb NOT NULL,   -- transaction and profile variables
  respondent_id    text,
  respondent_email text,
  device           text,
  os               text,
  browser          text
);
CREATE INDEX responses_site_created ON responses (site, created_at DESC, id DESC);
CREATE INDEX responses_site_touchpoint_created ON responses (site, touchpoint, created_at);
CREATE INDEX responses_site_respondent_id ON responses (site, respondent_id) WHERE respondent_id IS NOT NULL;
CREATE INDEX responses_site_respondent_email ON responses (site, respondent_email) WHERE respondent_email IS NOT NULL;

-- Impressions and dismissals, for response rates.
CREATE TABLE events (
  id          text COLLATE "C" PRIMARY KEY,
  site        text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  type        text NOT NULL,
  survey      text COLLATE "C" NOT NULL,
  touchpoint  text COLLATE "C" NOT NULL,
  channel     text COLLATE "C" NOT NULL,
  trigger     text COLLATE "C",
  created_at  iso_time NOT NULL,
  received_at iso_time NOT NULL
);
CREATE INDEX events_site_touchpoint_created ON events (site, touchpoint, created_at);

-- Kiosks: the last heartbeat of each device.
CREATE TABLE kiosks (
  site         text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  kiosk        text COLLATE "C" NOT NULL,
  touchpoint   text,
  last_seen_at iso_time NOT NULL,
  queued       integer NOT NULL,
  online       boolean NOT NULL,
  version      text,
  PRIMARY KEY (site, kiosk)
);

-- Admin API keys, stored as SHA-256 hashes of high-entropy secrets.
CREATE TABLE api_keys (
  id           text COLLATE "C" PRIMARY KEY,
  name         text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('admin', 'read')),
  hash         text NOT NULL UNIQUE,
  prefix       text NOT NULL,
  created_at   iso_time NOT NULL,
  last_used_at iso_time
);
