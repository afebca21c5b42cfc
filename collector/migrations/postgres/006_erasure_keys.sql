-- Erasure (GDPR art. 17) finds a person's responses by e-mail whatever its case, and also where the
-- address came only as the answer to a `contact` question. The write path stores each address in a
-- normalised form (lib/email-key.ts: trimmed, lower-cased); erasure looks it up through these indexes.
ALTER TABLE responses ADD COLUMN email_key text;
ALTER TABLE responses ADD COLUMN contact_key text;

-- Backfill (rows copied by `touchpoint migrate` bring their keys along; this covers any others).
UPDATE responses SET email_key = lower(btrim(respondent_email)) WHERE respondent_email IS NOT NULL;
UPDATE responses SET contact_key = (
  SELECT lower(btrim(a.value #>> '{}'))
  FROM surveys s, jsonb_array_elements(s.definition -> 'questions') q, jsonb_each(responses.answers) a
  WHERE s.site = responses.site AND s.id = responses.survey
    AND q ->> 'type' = 'contact' AND a.key = q ->> 'id'
    AND jsonb_typeof(a.value) = 'string' AND a.value #>> '{}' <> ''
  LIMIT 1
);

CREATE INDEX responses_site_email_key ON responses (site, email_key) WHERE email_key IS NOT NULL;
CREATE INDEX responses_site_contact_key ON responses (site, contact_key) WHERE contact_key IS NOT NULL;

-- Retention: when a response was anonymised (its identifying fields removed), so it is done once.
ALTER TABLE responses ADD COLUMN anonymised_at iso_time;
