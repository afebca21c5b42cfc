-- Receipt QR codes and "you said, we did" (docs/RECEIPTS.md): the tables of SQLite's migration 012, so that
-- both dialects keep one numbering. The PostgreSQL store does not use them yet (receipts and improvements
-- run on SQLite only; see README, "Scaling out").

CREATE TABLE receipt_settings (
  site          text COLLATE "C" PRIMARY KEY REFERENCES sites(key) ON DELETE CASCADE,
  id_salt       text NOT NULL,
  validity_days integer NOT NULL DEFAULT 7,
  public_score  boolean NOT NULL DEFAULT false
);

CREATE TABLE receipt_keys (
  site       text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  kid        text COLLATE "C" NOT NULL,
  secret     text NOT NULL,
  created_at iso_time NOT NULL,
  PRIMARY KEY (site, kid)
);

CREATE TABLE receipt_scans (
  site          text COLLATE "C" NOT NULL,
  response_id   text COLLATE "C" NOT NULL,
  touchpoint    text COLLATE "C" NOT NULL,
  till          text,
  txn           text NOT NULL,
  issued_at     iso_time NOT NULL,
  valid_until   iso_time NOT NULL,
  first_scan_at iso_time NOT NULL,
  scans         integer NOT NULL DEFAULT 1,
  PRIMARY KEY (site, response_id)
);

CREATE TABLE receipt_failures (
  site   text COLLATE "C" NOT NULL,
  day    text COLLATE "C" NOT NULL,
  reason text COLLATE "C" NOT NULL,
  count  integer NOT NULL,
  PRIMARY KEY (site, day, reason)
);

CREATE TABLE receipts_issued (
  site       text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  touchpoint text COLLATE "C" NOT NULL,
  day        text COLLATE "C" NOT NULL,
  count      integer NOT NULL,
  PRIMARY KEY (site, touchpoint, day)
);

CREATE TABLE improvements (
  site       text COLLATE "C" NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
  id         text COLLATE "C" NOT NULL,
  touchpoint text COLLATE "C",
  title      text NOT NULL,
  body       text NOT NULL,
  day        text COLLATE "C" NOT NULL,
  case_ids   jsonb NOT NULL DEFAULT '[]',
  created_at iso_time NOT NULL,
  PRIMARY KEY (site, id)
);
CREATE INDEX improvements_by_day ON improvements (site, day DESC);

CREATE TABLE improvement_notices (
  site           text COLLATE "C" NOT NULL,
  improvement_id text COLLATE "C" NOT NULL,
  response_id    text COLLATE "C" NOT NULL,
  at             iso_time NOT NULL,
  PRIMARY KEY (site, improvement_id, response_id)
);

CREATE TABLE email_opt_outs (
  site    text COLLATE "C" NOT NULL,
  address text COLLATE "C" NOT NULL,
  at      iso_time NOT NULL,
  PRIMARY KEY (site, address)
);
