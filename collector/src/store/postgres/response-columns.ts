import { emailKey } from '../../lib/email-key.js';
import type { MisuseVerdict } from '../../misuse/verdict.js';
import type { ResponseRecord } from '../store.js';
import { json } from './db.js';

/** The responses table's columns as the insert writes them: one list generates the SQL and the parameters. */
export const RESPONSE_COLUMNS: [string, string, (p: Prepared) => unknown][] = [
  ['id', 'text', (p) => p.r.id],
  ['site', 'text', (p) => p.r.site],
  ['survey', 'text', (p) => p.r.survey],
  ['touchpoint', 'text', (p) => p.r.touchpoint],
  ['answers', 'jsonb', (p) => json(p.r.answers)],
  ['partial', 'boolean', (p) => p.r.partial],
  ['locale', 'text', (p) => p.r.locale],
  ['created_at', 'text', (p) => p.r.createdAt],
  ['received_at', 'text', (p) => p.r.receivedAt],
  ['updated_at', 'text', (p) => p.r.receivedAt],
  ['channel', 'text', (p) => p.r.channel],
  ['url', 'text', (p) => p.r.url],
  ['referrer', 'text', (p) => p.r.referrer],
  ['trigger', 'text', (p) => p.r.trigger],
  ['kiosk', 'text', (p) => p.r.kiosk],
  ['vars', 'jsonb', (p) => json(p.r.vars)],
  ['respondent_id', 'text', (p) => p.r.respondentId],
  ['respondent_email', 'text', (p) => p.r.respondentEmail],
  ['device', 'text', (p) => p.r.device],
  ['os', 'text', (p) => p.r.os],
  ['browser', 'text', (p) => p.r.browser],
  ['flagged', 'boolean', (p) => p.verdict.flagged === 1],
  ['flag_reason', 'text', (p) => p.verdict.reason],
  ['email_key', 'text', (p) => (p.r.respondentEmail === null ? null : emailKey(p.r.respondentEmail))],
  ['contact_key', 'text', (p) => p.contactKey],
];
const names = RESPONSE_COLUMNS.map(([name]) => name).join(', ');
/** ON CONFLICT (id) only: any other failure (an unknown site) still throws. */
export const INSERT_RESPONSES = `INSERT INTO responses (${names}) SELECT * FROM unnest(${RESPONSE_COLUMNS.map(
  ([, type], i) => `$${i + 1}::${type}[]`,
).join(', ')}) ON CONFLICT (id) DO NOTHING RETURNING id`;

/** A response ready to insert, with what the store decided about it. */
export interface Prepared {
  r: ResponseRecord;
  verdict: MisuseVerdict;
  contactKey: string | null;
}
