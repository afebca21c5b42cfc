-- Erasure (GDPR art. 17) finds a person's responses by e-mail whatever its case, and also where the
-- address came only as the answer to a `contact` question. The write path stores each address in a
-- normalised form (lib/email-key.ts: trimmed, lower-cased); erasure looks it up through these indexes.
ALTER TABLE responses ADD COLUMN email_key TEXT;
ALTER TABLE responses ADD COLUMN contact_key TEXT;

-- Backfill. SQLite's lower() folds ASCII only; the write path folds every script (toLowerCase).
UPDATE responses SET email_key = lower(trim(respondent_email)) WHERE respondent_email IS NOT NULL;
UPDATE responses SET contact_key = (
  SELECT lower(trim(a.value))
  FROM surveys s, json_each(s.definition, '$.questions') q, json_each(responses.answers) a
  WHERE s.site = responses.site AND s.id = responses.survey
    AND q.value ->> '$.type' = 'contact' AND a.key = q.value ->> '$.id'
    AND a.type = 'text' AND a.value <> ''
  LIMIT 1
);

CREATE INDEX responses_site_email_key ON responses (site, email_key) WHERE email_key IS NOT NULL;
CREATE INDEX responses_site_contact_key ON responses (site, contact_key) WHERE contact_key IS NOT NULL;

-- Retention: when a response was anonymised (its identifying fields removed), so it is done once.
ALTER TABLE responses ADD COLUMN anonymised_at TEXT;
