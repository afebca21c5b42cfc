-- The misuse filter: responses given faster than a person could (a burst of kiosk taps) are kept
-- but flagged, and flagged responses do not count in scores.
ALTER TABLE responses ADD COLUMN flagged boolean NOT NULL DEFAULT false;
ALTER TABLE responses ADD COLUMN flag_reason text;
-- The burst check looks up a kiosk's latest responses.
CREATE INDEX responses_site_kiosk_created ON responses (site, kiosk, created_at) WHERE kiosk IS NOT NULL;
