import type { ResponseInput } from '@touchpoint/shared';
import type { Answers, ResponseMeta } from '../core/types';

/** Context variable names the wire contract accepts (`vars`). */
const VAR_NAME = /^[A-Za-z_][\w.-]{0,63}$/;
/** At most this many context variables (LIMITS.vars). */
const MAX_VARS = 50;
/** Longest string variable (LIMITS.varValue). */
const MAX_VAR = 500;
/** Longest URL or referrer (LIMITS.url). */
const MAX_URL = 2048;
/** An e-mail the collector's `z.email()` accepts; anything else would get the whole response rejected. */
const EMAIL = /^(?!\.)(?!.*\.\.)[\w'+.-]*[\w+-]@([A-Za-z\d][A-Za-z\d-]*\.)+[A-Za-z]{2,}$/;

type Vars = Record<string, string | number | boolean>;

/** Copies the variables the wire contract accepts, trimmed to its limits; drops the rest. */
export function cleanVars(...sources: unknown[]): Vars {
  const out: Vars = {};
  for (const from of sources) {
    if (!from || typeof from != 'object') continue;
    for (const [k, v] of Object.entries(from)) {
      const t = typeof v;
      if (
        Object.keys(out).length < MAX_VARS &&
        VAR_NAME.test(k) &&
        (t == 'string' || t == 'boolean' || (t == 'number' && isFinite(v)))
      ) {
        out[k] = t == 'string' ? (v as string).slice(0, MAX_VAR) : v;
      }
    }
  }
  return out;
}

/** The respondent from `identify({ id, email })`, keeping only what the contract accepts. */
export function respondent(profile: unknown): ResponseInput['respondent'] {
  const { id, email } = (profile || {}) as Record<string, unknown>;
  const r: NonNullable<ResponseInput['respondent']> = {};
  if (typeof id == 'string' || typeof id == 'number') r.id = String(id).slice(0, 128);
  if (typeof email == 'string' && email.length < 255 && EMAIL.test(email)) r.email = email;
  return r.id || r.email ? r : undefined;
}

/** The POST body for the answers so far; `done` marks the complete response (same id as the partials). */
export function responseBody(m: ResponseMeta, answers: Answers, done: boolean): ResponseInput {
  const { id: _id, email: _email, ...profileVars } = (m.profile || {}) as Record<string, unknown>;
  const items = m.cart?.items;
  const cart = m.cart && {
    cartItems: Array.isArray(items) ? items.length : Number(items) || 0,
    cartValue: m.cart.value,
  };
  return {
    id: m.id,
    site: m.site,
    survey: m.survey,
    touchpoint: m.touchpoint,
    answers,
    partial: !done,
    locale: m.locale,
    createdAt: m.createdAt,
    respondent: respondent(m.profile),
    context: {
      channel: m.channel,
      url: m.url.slice(0, MAX_URL),
      referrer: m.referrer.slice(0, MAX_URL) || undefined,
      trigger: m.trigger,
      vars: cleanVars(profileVars, m.vars, cart),
    },
  };
}
