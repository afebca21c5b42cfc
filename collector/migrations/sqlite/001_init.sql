-- Sites, touchpoints and surveys: the catalog, edited through the admin API.
CREATE TABLE sites (
  key        TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  origins    TEXT NOT NULL,          -- JSON array of origins
  settings   TEXT NOT NULL,          -- JSON object
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE touchpoints (
  site       TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  id         TEXT NOT NULL,
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL,
  tags       TEXT NOT NULL,          -- JSON array
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (site, id)
) STRICT;

CREATE TABLE surveys (
  site       TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  id         TEXT NOT NULL,
  definition TEXT NOT NULL,          -- the whole survey as JSON (shared/src/survey.ts)
  active     INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (site, id)
) STRICT;

-- Responses: one row per client-generated id, merged from partial to complete.
CREATE TABLE responses (
  id               TEXT PRIMARY KEY,
  site             TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  survey           TEXT NOT NULL,
  touchpoint       TEXT NOT NULL,
  answers          TEXT NOT NULL,    -- JSON object question id -> answer
  partial          INTEGER NOT NULL,
  locale           TEXT,
  created_at       TEXT NOT NULL,    -- when the respondent started (client clock, clamped)
  received_at      TEXT NOT NULL,    -- first arrival at the collector
  updated_at       TEXT NOT NULL,
  channel          TEXT NOT NULL,
  url              TEXT,
  referrer         TEXT,
  trigger          TEXT,
  kiosk            TEXT,
  vars             TEXT NOT NULL,    -- JSON object of transaction and profile variables
  respondent_id    TEXT,
  respondent_email TEXT,
  device           TEXT,
  os               TEXT,
  browser          TEXT
) STRICT;
CREATE INDEX responses_site_created ON responses (site, created_at DESC, id DESC);
CREATE INDEX responses_site_touchpoint_created ON responses (site, touchpoint, created_at);
CREATE INDEX responses_site_respondent_id ON responses (site, respondent_id) WHERE respondent_id IS NOT NULL;
CREATE INDEX responses_site_respondent_email ON responses (site, respondent_email) WHERE respondent_email IS NOT NULL;

-- Impressions and dismissals, for response rates.
CREATE TABLE events (
  id          TEXT PRIMARY KEY,
  site        TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  type        TEXT NOT NULL,
  survey      TEXT NOT NULL,
  touchpoint  TEXT NOT NULL,
  channel     TEXT NOT NULL,
  trigger     TEXT,
  created_at  TEXT NOT NULL,
  received_at TEXT NOT NULL
) STRICT;
CREATE INDEX events_site_touchpoint_created ON events (site, touchpoint, created_at);

-- Kiosks: the last heartbeat of each device.
CREATE TABLE kiosks (
  site         TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  kiosk        TEXT NOT NULL,
  touchpoint   TEXT,
  last_seen_at TEXT NOT NULL,
  queued       INTEGER NOT NULL,
  online       INTEGER NOT NULL,
  version      TEXT,
  PRIMARY KEY (site, kiosk)
) STRICT;

-- Admin API keys, stored as SHA-256 hashes of high-entropy secrets.
CREATE TABLE api_keys (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('admin', 'read')),
  hash         TEXT NOT NULL UNIQUE,
  prefix       TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  last_used_at TEXT
) STRICT;
