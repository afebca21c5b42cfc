-- Chat notifications (a rule's `notify` action: Slack or Teams) go through the outbox as kind 'notify'.
-- SQLite cannot alter a CHECK constraint, so the table is rebuilt with the same columns and indexes.
-- A digest row's id is `digest:<site>:<rule>:<period start>`, so a period has one summary, even across restarts.
CREATE TABLE outbox_014 (
  id              TEXT PRIMARY KEY,
  site            TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  response_id     TEXT REFERENCES responses(id) ON DELETE CASCADE,
  kind            TEXT NOT NULL CHECK (kind IN ('email', 'webhook', 'notify')),
  event           TEXT NOT NULL,     -- webhook event, 'reply', or 'alert' / 'digest' for notifications
  target          TEXT NOT NULL,     -- e-mail address, webhook endpoint id, or the rule id of a notification
  payload         TEXT NOT NULL,     -- the exact body to send (JSON); for notifications, the facts to format
  status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,              -- null once delivered or dead; a digest's period end until then
  claimed_until   TEXT,
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  delivered_at    TEXT
) STRICT;
INSERT INTO outbox_014 SELECT id, site, response_id, kind, event, target, payload, status, attempts,
  next_attempt_at, claimed_until, last_error, created_at, delivered_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_014 RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_site_created ON outbox (site, created_at DESC);
CREATE INDEX outbox_response ON outbox (response_id) WHERE response_id IS NOT NULL;
CREATE INDEX outbox_reply_target ON outbox (site, lower(target), created_at) WHERE kind = 'email';
