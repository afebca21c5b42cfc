-- A site's default rules are created with the site, never on a read (issue 18: a read-only key's GET must
-- not write). Sites that never had their rules read get them here: the rules of
-- src/closed-loop/default-rules.ts as JSON (as migrations/sqlite/005_default_rules_api_keys.sql).
INSERT INTO rules (site, id, position, definition, created_at, updated_at)
SELECT s.key, d.id, d.position, d.definition::jsonb, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
FROM sites AS s CROSS JOIN (VALUES
  ('thank-you', 1, '{"id":"thank-you","name":"Thank promoters and passives","active":true,"match":{"scale":"nps","bands":["promoter","passive"]},"actions":[{"type":"reply","subject":{"en":"Thank you for your feedback","de":"Danke für Ihr Feedback","fr":"Merci pour votre avis","es":"Gracias por su opinión"},"body":{"en":"Hi {{name|there}},\n\nthank you for rating your visit to {{touchpoint}} {{score}} out of 10. We read every answer.\n{{#referralLink}}\nKnow someone who would like us too? Share this link: {{referralLink}}\n{{/referralLink}}\nThe team","de":"Hallo{{#name}} {{name}}{{/name}},\n\ndanke, dass Sie Ihren Besuch bei {{touchpoint}} mit {{score}} von 10 bewertet haben. Wir lesen jede Antwort.\n{{#referralLink}}\nKennen Sie jemanden, dem wir auch gefallen würden? Teilen Sie diesen Link: {{referralLink}}\n{{/referralLink}}\nIhr Team","fr":"Bonjour{{#name}} {{name}}{{/name}},\n\nmerci d’avoir noté votre visite à {{touchpoint}} {{score}} sur 10. Nous lisons chaque réponse.\n{{#referralLink}}\nVous connaissez quelqu’un qui nous apprécierait ? Partagez ce lien : {{referralLink}}\n{{/referralLink}}\nL’équipe","es":"Hola{{#name}} {{name}}{{/name}}:\n\ngracias por valorar su visita a {{touchpoint}} con un {{score}} de 10. Leemos todas las respuestas.\n{{#referralLink}}\n¿Conoce a alguien a quien también le gustaríamos? Comparta este enlace: {{referralLink}}\n{{/referralLink}}\nEl equipo"}}]}'),
  ('follow-up-detractors', 2, '{"id":"follow-up-detractors","name":"Follow up every detractor","active":true,"match":{"scale":"nps","bands":["detractor"]},"actions":[{"type":"case"}]}')
) AS d (id, position, definition)
WHERE s.key NOT IN (SELECT site FROM rule_defaults)
ON CONFLICT DO NOTHING;

INSERT INTO rule_defaults (site, created_at)
SELECT key, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') FROM sites WHERE key NOT IN (SELECT site FROM rule_defaults);

-- A key's clear prefix is at most 8 characters after its `tp_<kind>_` marker (src/lib/api-keys.ts, keyPrefix).
UPDATE api_keys SET prefix = CASE
    WHEN prefix LIKE 'tp\_admin\_%' THEN substr(prefix, 10, 8)
    WHEN prefix LIKE 'tp\_read\_%' THEN substr(prefix, 9, 8)
    ELSE substr(prefix, 1, 4)
  END
WHERE length(prefix) > 8;

-- A key may be limited to named sites (an agency running several brands): an array of site keys;
-- NULL for a key that reaches every site.
ALTER TABLE api_keys ADD COLUMN sites jsonb;
