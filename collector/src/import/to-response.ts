import { createHash } from 'node:crypto';
import { response, type Channel, type Survey, type SurveyResponse } from '@touchpoint/shared';
import { answerProblem } from '../lib/answers.js';
import { formatPath } from '../lib/validation-details.js';
import { MAX_CLOCK_SKEW_MS } from '../plugins/ingest.js';
import type { ImportRow } from './rows.js';

/**
 * The earliest `createdAt` an import takes: older dates are typos (a year written "0026" or "1926"), and
 * the scores' calendars start there.
 */
export const IMPORT_EARLIEST = '2000-01-01T00:00:00Z';

/** Columns with a meaning of their own; every other column is an answer (or `var.<name>`, a variable). */
const RESERVED = new Set([
  'id',
  'createdAt',
  'touchpoint',
  'locale',
  'email',
  'respondentId',
  'channel',
  'site',
  'survey',
]);
/** Scale questions: a CSV cell "9" is the number 9. */
const NUMERIC = new Set(['nps', 'csat', 'ces', 'smiley', 'thumbs']);
/** How a CSV cell lists a multiple-choice answer's choices: `price|staff` or `price; staff`. */
const CHOICE_SEPARATOR = /[|;]/;
/** A CSV cell that is a number (no leading zero, so a zip code "01234" stays text). */
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;
/** Namespace of import ids, so they never equal an id a client generated. */
const ID_NAMESPACE = 'touchpoint-import';

/** What an import adds to every row. */
export interface ImportTarget {
  site: string;
  survey: Survey;
  /** the site's touchpoint ids */
  touchpoints: ReadonlySet<string>;
  /** channel of rows without a `channel` column */
  channel: Channel;
  /** column → question id ('' ignores the column) */
  map: Record<string, string>;
}

/** What is wrong with one row: the row, the column (or contract field) and the problem. */
export interface RowProblem {
  row: number;
  field: string;
  message: string;
}

/**
 * A response id that depends only on the site, the survey and the row's key, so importing the same row
 * again names the same response (stored once). Formatted as a name-based UUID (RFC 9562 version 5).
 */
export function importId(site: string, survey: string, key: string): string {
  const h = createHash('sha1').update(`${ID_NAMESPACE}\0${site}\0${survey}\0${key}`).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x50;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** A row's key: its `id` column, else its content (identical rows told apart by `occurrence`). */
export function rowKey(fields: Record<string, unknown>, occurrence: number): string {
  const id = fields.id;
  if (typeof id === 'string' ? id.trim() !== '' : typeof id === 'number') return `id:${String(id).trim()}`;
  const content = Object.keys(fields)
    .sort()
    .map((k) => [k, fields[k]]);
  return `row:${JSON.stringify(content)}#${occurrence}`;
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * One row as a response of the wire contract, checked by the contract's own schema and the survey's
 * questions; or the row's problems. `now` bounds createdAt (the ingest's clock skew allowance).
 */
export function toResponse(
  row: ImportRow,
  key: string,
  target: ImportTarget,
  now: number,
): { ok: true; response: SurveyResponse } | { ok: false; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ row: row.row, field, message });
  const f = row.fields;
  const survey = target.survey;
  const answers: Record<string, unknown> = {};
  const vars: Record<string, unknown> = {};
  const columnOf: Record<string, string> = {};
  for (const [column, value] of Object.entries(f)) {
    if (RESERVED.has(column)) continue;
    if (column.startsWith('var.')) {
      if (!blank(value))
        vars[column.slice(4)] = typeof value === 'string' && NUMBER.test(value) ? Number(value) : value;
      continue;
    }
    const qid = target.map[column] ?? column;
    if (qid === '') continue;
    const q = survey.questions.find((x) => x.id === qid);
    // An empty cell of an unknown column loses nothing; a value would be dropped silently.
    if (!q && !blank(value)) {
      problem(
        column,
        `survey "${survey.id}" has no question "${qid}": map the column (--map ${column}=<question>) or name it var.${column}`,
      );
      continue;
    }
    if (!q || blank(value)) continue;
    let v = value;
    if (typeof v === 'string') {
      const s = v.trim();
      if (NUMERIC.has(q.type) && NUMBER.test(s)) v = Number(s);
      else if (q.type === 'multi')
        v = s
          .split(CHOICE_SEPARATOR)
          .map((c) => c.trim())
          .filter(Boolean);
    }
    columnOf[`answers.${qid}`] = column;
    answers[qid] = v;
    const bad = answerProblem(q, v as never);
    if (bad) problem(column, bad);
  }
  for (const [name, expected] of [
    ['site', target.site],
    ['survey', survey.id],
  ] as const) {
    if (!blank(f[name]) && f[name] !== expected)
      problem(name, `is "${String(f[name])}", but this import is for ${name} "${expected}"`);
  }
  const createdAt = f.createdAt;
  if (blank(createdAt)) problem('createdAt', 'required: when the answer was given, ISO 8601 with an offset or Z');
  else if (typeof createdAt === 'string') {
    const t = Date.parse(createdAt);
    if (t - now > MAX_CLOCK_SKEW_MS)
      problem('createdAt', `is in the future (the collector's clock says ${new Date(now).toISOString()})`);
    else if (t < Date.parse(IMPORT_EARLIEST))
      problem('createdAt', `is before ${IMPORT_EARLIEST}, the earliest an import takes`);
  }
  const touchpoint = blank(f.touchpoint) ? undefined : String(f.touchpoint).trim();
  if (touchpoint !== undefined && !target.touchpoints.has(touchpoint)) {
    problem('touchpoint', `site "${target.site}" has no touchpoint "${touchpoint}"`);
  } else if (touchpoint === undefined && survey.touchpoint === undefined) {
    problem('touchpoint', `required, as survey "${survey.id}" names no default touchpoint`);
  }
  const email = blank(f.email) ? undefined : String(f.email).trim();
  const respondentId = blank(f.respondentId) ? undefined : String(f.respondentId).trim();
  const input = {
    id: importId(target.site, survey.id, key),
    site: target.site,
    survey: survey.id,
    ...(touchpoint !== undefined ? { touchpoint } : {}),
    answers,
    partial: false,
    ...(blank(f.locale) ? {} : { locale: f.locale }),
    createdAt,
    ...(email !== undefined || respondentId !== undefined
      ? {
          respondent: {
            ...(email !== undefined ? { email } : {}),
            ...(respondentId !== undefined ? { id: respondentId } : {}),
          },
        }
      : {}),
    context: { channel: blank(f.channel) ? target.channel : f.channel, vars },
  };
  const parsed = response.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = formatPath(issue.path);
      // A field already named above (a bad answer, createdAt) is not named twice.
      const field = columnOf[path] ?? fieldOfPath(path);
      if (!problems.some((p) => p.field === field)) problem(field, issue.message);
    }
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, response: parsed.data };
}

/** The import column behind a contract path: `context.vars.x` → `var.x`, `respondent.email` → `email`. */
function fieldOfPath(path: string): string {
  if (path.startsWith('context.vars.')) return `var.${path.slice('context.vars.'.length)}`;
  if (path === 'context.channel') return 'channel';
  if (path.startsWith('respondent.')) return path === 'respondent.id' ? 'respondentId' : 'email';
  return path;
}
