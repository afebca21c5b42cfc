import type { NewResponse } from '../plan/response-plan.js';
import { json } from './db.js';

/** The responses table's columns as the insert writes them: one list generates the SQL and the parameters. */
export const RESPONSE_COLUMNS: [string, string, (p: NewResponse) => unknown][] = [
  ['id', 'text', (p) => p.record.id],
  ['site', 'text', (p) => p.record.site],
  ['survey', 'text', (p) => p.record.survey],
  ['touchpoint', 'text', (p) => p.record.touchpoint],
  ['answers', 'jsonb', (p) => json(p.record.answers)],
  ['partial', 'boolean', (p) => p.record.partial],
  ['locale', 'text', (p) => p.record.locale],
  ['created_at', 'text', (p) => p.record.createdAt],
  ['received_at', 'text', (p) => p.record.receivedAt],
  ['updated_at', 'text', (p) => p.record.receivedAt],
  ['channel', 'text', (p) => p.record.channel],
  ['url', 'text', (p) => p.record.url],
  ['referrer', 'text', (p) => p.record.referrer],
  ['trigger', 'text', (p) => p.record.trigger],
  ['kiosk', 'text', (p) => p.record.kiosk],
  ['vars', 'jsonb', (p) => json(p.record.vars)],
  ['respondent_id', 'text', (p) => p.record.respondentId],
  ['respondent_email', 'text', (p) => p.record.respondentEmail],
  ['device', 'text', (p) => p.record.device],
  ['os', 'text', (p) => p.record.os],
  ['browser', 'text', (p) => p.record.browser],
  ['flagged', 'boolean', (p) => p.flagged],
  ['flag_reason', 'text', (p) => p.flagReason],
  ['email_key', 'text', (p) => p.emailKey],
  ['contact_key', 'text', (p) => p.contactKey],
];
const names = RESPONSE_COLUMNS.map(([name]) => name).join(', ');
/** ON CONFLICT (id) only: any other failure (an unknown site) still throws. */
export const INSERT_RESPONSES = `INSERT INTO responses (${names}) SELECT * FROM unnest(${RESPONSE_COLUMNS.map(
  ([, type], i) => `$${i + 1}::${type}[]`,
).join(', ')}) ON CONFLICT (id) DO NOTHING RETURNING id`;
