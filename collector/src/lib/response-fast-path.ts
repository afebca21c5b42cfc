import { LIMITS, type SurveyResponse } from '@touchpoint/shared';
import { z } from 'zod';

// A hand-written check of the one body nearly every request carries (a response as the widget sends it),
// run before the zod schema: it accepts only what `response` in @touchpoint/shared accepts and returns what
// zod would return for it, or undefined, and zod then parses the body as before (and names what is wrong).
// It never refuses anything itself, so every error message stays zod's. In a `bench:ingest` CPU profile zod
// took ~7 % of the event loop per beacon; this is a few property checks. Kept equal to the schema by a
// differential test (collector/test/lib/response-fast-path.test.ts) over thousands of mutated bodies.

/** `slug` in shared/src/common.ts */
const SLUG = /^[a-z0-9][a-z0-9_-]*$/;
/** `locale` in shared/src/common.ts */
const LOCALE = /^[a-z]{2}(-[A-Z]{2})?$/;
/** variable names, `vars` in shared/src/response.ts */
const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** zod's own patterns for `z.uuid()`, `z.iso.datetime({ offset: true })` and `z.email()`: the same checks */
const UUID = z.regexes.uuid();
const DATETIME = z.regexes.datetime({ offset: true, local: false, precision: null });
const EMAIL = z.regexes.email;
/** Most a locale string may be (`locale` in shared). */
const LOCALE_MAX = 10;
/** `respondent` in shared/src/response.ts */
const RESPONDENT_ID_MAX = 128;
const EMAIL_MAX = 254;
/** `durationMs` in shared/src/response.ts */
const DURATION_MAX_MS = 86_400_000;
const CHANNELS = new Set(['web', 'kiosk', 'qr', 'phone']);
const RESPONSE_KEYS = new Set([
  'id',
  'site',
  'survey',
  'touchpoint',
  'answers',
  'partial',
  'locale',
  'createdAt',
  'respondent',
  'context',
]);
const CONTEXT_KEYS = new Set(['channel', 'url', 'referrer', 'trigger', 'kiosk', 'durationMs', 'vars']);
const RESPONDENT_KEYS = new Set(['id', 'email']);
const BATCH_KEYS = new Set(['responses']);

type Obj = Record<string, unknown>;

/** A plain object as JSON.parse makes it (not an array, not null). */
const isObject = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

const isSlug = (v: unknown): v is string =>
  typeof v === 'string' && v.length >= 1 && v.length <= LIMITS.id && SLUG.test(v);

/** Whether every own key of `o` is in `known` (zod strips unknown keys: such a body goes to zod). */
function onlyKeys(o: Obj, known: Set<string>): boolean {
  for (const k in o) if (!known.has(k)) return false;
  return true;
}

/** `answers`: question id → number, text or choice ids; a copy, or undefined. */
function quickAnswers(v: unknown): SurveyResponse['answers'] | undefined {
  if (!isObject(v)) return undefined;
  const out: SurveyResponse['answers'] = {};
  let n = 0;
  for (const k in v) {
    if (++n > LIMITS.answers || !isSlug(k)) return undefined;
    const a = v[k];
    if (typeof a === 'number') {
      if (!Number.isFinite(a)) return undefined;
    } else if (typeof a === 'string') {
      if (a.length > LIMITS.freeText) return undefined;
    } else if (Array.isArray(a)) {
      if (a.length > LIMITS.choices) return undefined;
      for (let i = 0; i < a.length; i++) if (!isSlug(a[i])) return undefined;
      out[k] = a.slice();
      continue;
    } else return undefined;
    out[k] = a;
  }
  return out;
}

/** `vars`: name → string, number or boolean; a copy, or undefined. */
function quickVars(v: unknown): SurveyResponse['context']['vars'] | undefined {
  if (v === undefined) return {};
  if (!isObject(v)) return undefined;
  const out: SurveyResponse['context']['vars'] = {};
  let n = 0;
  for (const k in v) {
    if (++n > LIMITS.vars || k.length > LIMITS.id || !VAR_NAME.test(k)) return undefined;
    const x = v[k];
    if (typeof x === 'string') {
      if (x.length > LIMITS.varValue) return undefined;
    } else if (typeof x === 'number') {
      if (!Number.isFinite(x)) return undefined;
    } else if (typeof x !== 'boolean') return undefined;
    out[k] = x;
  }
  return out;
}

/** An optional string of at most `max` characters: true when absent or fine. */
const optionalText = (v: unknown, max: number): boolean =>
  v === undefined || (typeof v === 'string' && v.length <= max);

function quickContext(v: unknown): SurveyResponse['context'] | undefined {
  if (v === undefined) return { channel: 'web', vars: {} };
  if (!isObject(v) || !onlyKeys(v, CONTEXT_KEYS)) return undefined;
  const channel = v.channel === undefined ? 'web' : v.channel;
  if (typeof channel !== 'string' || !CHANNELS.has(channel)) return undefined;
  const { url, referrer, trigger, kiosk, durationMs } = v;
  if (!optionalText(url, LIMITS.url) || !optionalText(referrer, LIMITS.url)) return undefined;
  if (!optionalText(trigger, LIMITS.id) || !optionalText(kiosk, LIMITS.id)) return undefined;
  if (
    durationMs !== undefined &&
    !(
      typeof durationMs === 'number' &&
      Number.isSafeInteger(durationMs) &&
      durationMs >= 0 &&
      durationMs <= DURATION_MAX_MS
    )
  ) {
    return undefined;
  }
  const vars = quickVars(v.vars);
  if (vars === undefined) return undefined;
  const out: SurveyResponse['context'] = { channel: channel as SurveyResponse['context']['channel'], vars };
  if (url !== undefined) out.url = url as string;
  if (referrer !== undefined) out.referrer = referrer as string;
  if (trigger !== undefined) out.trigger = trigger as string;
  if (kiosk !== undefined) out.kiosk = kiosk as string;
  if (durationMs !== undefined) out.durationMs = durationMs as number;
  return out;
}

function quickRespondent(v: Obj): SurveyResponse['respondent'] | undefined {
  if (!onlyKeys(v, RESPONDENT_KEYS)) return undefined;
  const { id, email } = v;
  if (id !== undefined && !(typeof id === 'string' && id.length >= 1 && id.length <= RESPONDENT_ID_MAX))
    return undefined;
  if (email !== undefined && !(typeof email === 'string' && email.length <= EMAIL_MAX && EMAIL.test(email))) {
    return undefined;
  }
  const out: NonNullable<SurveyResponse['respondent']> = {};
  if (id !== undefined) out.id = id as string;
  if (email !== undefined) out.email = email as string;
  return out;
}

/** The response zod would parse `data` into, when it is one in the common form; else undefined (ask zod). */
export function quickResponse(data: unknown): SurveyResponse | undefined {
  if (!isObject(data) || !onlyKeys(data, RESPONSE_KEYS)) return undefined;
  const { id, site, survey, touchpoint, partial, locale, createdAt, respondent } = data;
  if (typeof id !== 'string' || !UUID.test(id)) return undefined;
  if (!isSlug(site) || !isSlug(survey) || (touchpoint !== undefined && !isSlug(touchpoint))) return undefined;
  if (partial !== undefined && typeof partial !== 'boolean') return undefined;
  if (locale !== undefined && !(typeof locale === 'string' && locale.length <= LOCALE_MAX && LOCALE.test(locale))) {
    return undefined;
  }
  if (typeof createdAt !== 'string' || !DATETIME.test(createdAt)) return undefined;
  const answers = quickAnswers(data.answers);
  if (answers === undefined) return undefined;
  const context = quickContext(data.context);
  if (context === undefined) return undefined;
  const out: SurveyResponse = { id, site, survey, answers, partial: partial ?? false, createdAt, context };
  if (touchpoint !== undefined) out.touchpoint = touchpoint;
  if (locale !== undefined) out.locale = locale;
  if (respondent !== undefined) {
    const who = isObject(respondent) ? quickRespondent(respondent) : undefined;
    if (who === undefined) return undefined;
    out.respondent = who;
  }
  return out;
}

/** `{ responses: [...] }` as zod would parse it when every item is in the common form; else undefined. */
export function quickResponseBatch(data: unknown): { responses: SurveyResponse[] } | undefined {
  if (!isObject(data) || !onlyKeys(data, BATCH_KEYS)) return undefined;
  const items = data.responses;
  if (!Array.isArray(items) || items.length < 1 || items.length > LIMITS.batch) return undefined;
  const responses: SurveyResponse[] = [];
  for (const item of items) {
    const r = quickResponse(item);
    if (r === undefined) return undefined;
    responses.push(r);
  }
  return { responses };
}
