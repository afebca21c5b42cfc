import { z } from 'zod';
import { LIMITS } from './limits.js';

/** A lower-case slug used for site keys and touchpoint, survey, question and choice ids. */
export const slug = z
  .string()
  .min(1)
  .max(LIMITS.id)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, "-" or "_"');

/** A BCP 47 language tag reduced to what surveys need: `en`, `de`, `pt-BR`. */
export const locale = z
  .string()
  .max(10)
  .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must look like "en" or "pt-BR"');

/** Copy in several locales: `{ "en": "How likely…", "de": "Wie wahrscheinlich…" }`. */
export const localizedText = z
  .record(locale, z.string().min(1).max(LIMITS.copy))
  .refine((t) => Object.keys(t).length >= 1, 'needs at least one locale')
  .refine((t) => Object.keys(t).length <= LIMITS.locales, `at most ${LIMITS.locales} locales`);
export type LocalizedText = z.infer<typeof localizedText>;

/** An ISO 8601 timestamp with a time zone offset or `Z`. */
export const timestamp = z.iso.datetime({ offset: true });

/** The channel an answer came through. Phone scores are imported, and run high. */
export const channel = z.enum(['web', 'kiosk', 'qr', 'phone']);
export type Channel = z.infer<typeof channel>;

/** A client-generated id (UUID); a retry with the same id is the same response. */
export const clientId = z.uuid();

/** An origin such as `https://shop.example` (scheme, host and optional port; no path). */
export const origin = z
  .string()
  .max(200)
  .regex(/^https?:\/\/[^/\s?#]+$/, 'must be an origin like "https://shop.example" (no path)');
