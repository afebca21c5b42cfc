-- Receipt QR codes and "you said, we did" (docs/RECEIPTS.md). New tables only: the response tables stay
-- as they are; a receipt's response is found through receipt_scans.response_id.

-- Receipt settings per site: the salt of receipt response ids (never changes), the validity window,
-- and what the public improvements page shows.
CREATE TABLE receipt_settings (
  site TEXT PRIMARY KEY REFERENCES sites(key) ON DELETE CASCADE,
  id_salt TEXT NOT NULL,
  validity_days INTEGER NOT NULL DEFAULT 7,
  public_score INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Receipt secrets (HMAC-SHA256 keys) by key id; several at once while tills rotate. Kept in clear: the
-- collector needs them to verify.
CREATE TABLE receipt_keys (
  site TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  kid TEXT NOT NULL,
  secret TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (site, kid)
) STRICT;

-- One row per transaction whose receipt was opened: the response id it leads to and when it was issued.
CREATE TABLE receipt_scans (
  site TEXT NOT NULL,
  response_id TEXT NOT NULL,
  touchpoint TEXT NOT NULL,
  till TEXT,
  txn TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  first_scan_at TEXT NOT NULL,
  scans INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (site, response_id)
) STRICT;

-- Refused receipt tokens per day and reason (site '' when the token names none).
CREATE TABLE receipt_failures (
  site TEXT NOT NULL,
  day TEXT NOT NULL,
  reason TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (site, day, reason)
) STRICT;

-- Receipts a POS reports as issued, per touchpoint and day (the denominator of the response rate).
CREATE TABLE receipts_issued (
  site TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  touchpoint TEXT NOT NULL,
  day TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (site, touchpoint, day)
) STRICT;

-- "You said, we did": improvements posted for a site or one touchpoint.
CREATE TABLE improvements (
  site TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  id TEXT NOT NULL,
  touchpoint TEXT,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  day TEXT NOT NULL,
  case_ids TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL,
  PRIMARY KEY (site, id)
) STRICT;
CREATE INDEX improvements_by_day ON improvements (site, day DESC);

-- Respondents told about an improvement: once each (the primary key makes a second notice a no-op).
CREATE TABLE improvement_notices (
  site TEXT NOT NULL,
  improvement_id TEXT NOT NULL,
  response_id TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (site, improvement_id, response_id)
) STRICT;

-- Addresses that followed an improvement notice's unsubscribe link: no further notices from this site.
CREATE TABLE email_opt_outs (
  site TEXT NOT NULL,
  address TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (site, address)
) STRICT;
