-- The closed loop: rules, webhook endpoints, follow-up cases and the transactional outbox.
-- Cases and outbox rows are written in the same transaction as the response that caused them
-- (src/store/sqlite/closed-loop/), so a crash can neither lose nor duplicate them.

-- Rules, evaluated in `position` order (creation order).
CREATE TABLE rules (
  site       TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  id         TEXT NOT NULL,
  position   INTEGER NOT NULL,
  definition TEXT NOT NULL,          -- the whole rule as JSON (shared/src/closed-loop.ts)
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (site, id)
) STRICT;

-- Sites that have had their default rules created (on first use), so that deleting a default rule sticks.
CREATE TABLE rule_defaults (
  site       TEXT PRIMARY KEY REFERENCES sites(key) ON DELETE CASCADE,
  created_at TEXT NOT NULL
) STRICT;

-- Webhook endpoints. The secret is stored as it is: the collector must be able to sign with it. Anyone who
-- can read the database can therefore forge signatures; protect the file (README, "Webhooks").
CREATE TABLE webhooks (
  id         TEXT PRIMARY KEY,
  site       TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  url        TEXT NOT NULL,
  events     TEXT NOT NULL,          -- JSON array of event names
  secret     TEXT NOT NULL,
  active     INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX webhooks_site ON webhooks (site);

-- Follow-up cases: at most one per response; erased with it.
CREATE TABLE cases (
  id          TEXT PRIMARY KEY,
  site        TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  response_id TEXT NOT NULL UNIQUE REFERENCES responses(id) ON DELETE CASCADE,
  touchpoint  TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('open', 'contacted', 'resolved')),
  assignee    TEXT,
  score       REAL,
  band        TEXT,
  verbatim    TEXT,
  contact     TEXT,
  opened_at   TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  due_at      TEXT NOT NULL,
  resolved_at TEXT
) STRICT;
CREATE INDEX cases_site_due ON cases (site, due_at);
CREATE INDEX cases_site_touchpoint ON cases (site, touchpoint, status);

-- Notes on a case, only ever appended.
CREATE TABLE case_notes (
  id      INTEGER PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  at      TEXT NOT NULL,
  author  TEXT NOT NULL,
  text    TEXT NOT NULL
) STRICT;
CREATE INDEX case_notes_case ON case_notes (case_id, id);

-- The outbox: e-mails and webhook deliveries waiting, retrying, delivered or dead. `id` is the delivery
-- id receivers dedupe on. A worker claims due rows by setting `claimed_until` (a lease); on PostgreSQL the
-- same claim selects with FOR UPDATE SKIP LOCKED so that several collectors share the work.
CREATE TABLE outbox (
  id              TEXT PRIMARY KEY,
  site            TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  response_id     TEXT REFERENCES responses(id) ON DELETE CASCADE,
  kind            TEXT NOT NULL CHECK (kind IN ('email', 'webhook')),
  event           TEXT NOT NULL,     -- webhook event, or 'reply'
  target          TEXT NOT NULL,     -- e-mail address, or webhook endpoint id
  payload         TEXT NOT NULL,     -- the exact body to send (JSON)
  status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,              -- null once delivered or dead
  claimed_until   TEXT,
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  delivered_at    TEXT
) STRICT;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_site_created ON outbox (site, created_at DESC);
CREATE INDEX outbox_response ON outbox (response_id) WHERE response_id IS NOT NULL;
