import type { StoredResponse } from '@touchpoint/shared';
import { emailKey } from '../../lib/email-key.js';
import type { FlagReason } from '../../misuse/verdict.js';
import type { ResponseRecord, SaveOutcome } from '../store.js';
import { loopSteps, type LoopStep } from './closed-loop.js';
import { misuseOf, type MisuseJudgement, type RecentKioskAnswers } from './misuse.js';
import type { PlanSite } from './plan-site.js';
import { rollupDeltas, type RollupDeltas } from './rollup-contribution.js';
import { NO_TYPE_HISTORY } from './type-at-arrival.js';
import { DEFAULT_TIME_ZONE } from '../../scoring/time-zone.js';
import type { PairScope } from './variable-rollup.js';

/**
 * The write plan of a response: what saving it does, decided here, dialect-neutrally, from the record,
 * what the store holds for its id, the kiosk's recent answers and the site's cached configuration. A store
 * applies a plan in its transaction and decides nothing itself.
 *
 * With no stored row (`existing` null) the plan is an `insert`; a store inserts first (ON CONFLICT DO
 * NOTHING, one statement for nearly every request) and applies the rest of the plan only if the row went
 * in. If the id turns out taken, it reads the stored row and plans again with it. `burstsAfter` (see
 * `misuseOf`): the stored answers the store flags as bursts and takes out of the rollups with this write.
 */
export type WritePlan =
  | { kind: 'insert'; row: NewResponse; rollups: RollupDeltas; loop: LoopStep[]; burstsAfter: string[] }
  | { kind: 'merge'; merge: ResponseMerge; rollups: RollupDeltas; loop: LoopStep[]; burstsAfter: string[] }
  | { kind: 'none'; outcome: SaveOutcome };

/** A new response row. `answers` and `vars` are stored as `stableJson`. */
export interface NewResponse {
  record: ResponseRecord;
  flagged: boolean;
  flagReason: FlagReason | null;
  /** normalised `respondentEmail`, which erasure looks up */
  emailKey: string | null;
  /** normalised answer to the survey's first answered `contact` question, which erasure looks up */
  contactKey: string | null;
}

/** A merge into a stored partial response. */
export interface ResponseMerge {
  id: string;
  /** the merged answers and variables, keys in order (store them as `stableJson`) */
  answers: Record<string, unknown>;
  vars: Record<string, unknown>;
  partial: boolean;
  updatedAt: string;
  flagged: boolean;
  flagReason: FlagReason | null;
  /** respondent id, e-mail and e-mail key of this send: they only fill the stored ones when null (coalesce) */
  respondentId: string | null;
  respondentEmail: string | null;
  emailKey: string | null;
  contactKey: string | null;
}

/** What planning a response's save reads. */
export interface PlanInput {
  record: ResponseRecord;
  /** the response stored under the record's id, or null when there is none (yet) */
  existing: StoredResponse | null;
  recent: RecentKioskAnswers;
  /** the site's cached configuration; null for an unknown site (whose insert will fail) */
  site: PlanSite | null;
  /** ISO 8601 time of the save: outbox rows and cases are dated by it */
  now: string;
  /** the variables the site's pairwise rollups cross, as the store knows them now; unset: every one */
  pairs?: PairScope;
  /** a new response's row, planned already (`planNewRow`) from this record, its kiosk answers and site */
  planned?: PlannedRow | undefined;
}

/** A new response's row and the misuse verdict stored in it. */
export interface PlannedRow {
  row: NewResponse;
  verdict: MisuseJudgement;
}

/** Question types of no survey: an unknown site or survey. */
const NO_TYPES: ReadonlyMap<string, string> = new Map();

/**
 * JSON with keys in sorted order, so that equal objects compare equal as text. Answers and variables
 * usually arrive with their keys in order already: then the object is written as it is, without a copy.
 */
export function stableJson(value: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(sortedKeys(value));
}

/** The object with its keys in sorted order (itself when they are). */
function sortedKeys<T extends Readonly<Record<string, unknown>>>(value: T): T {
  const keys = Object.keys(value);
  let ordered = true;
  for (let i = 1; i < keys.length && ordered; i++) ordered = (keys[i - 1] as string) < (keys[i] as string);
  if (ordered) return value;
  const sorted: Record<string, unknown> = {};
  for (const k of keys.sort()) sorted[k] = value[k];
  return sorted as T;
}

/** The normalised answer to the survey's first answered `contact` question. */
export function contactKey(
  types: ReadonlyMap<string, string>,
  answers: Readonly<Record<string, unknown>>,
): string | null {
  for (const [question, type] of types) {
    const value = answers[question];
    if (type === 'contact' && typeof value === 'string' && value !== '') return emailKey(value);
  }
  return null;
}

/** Plans the save of one response (see `WritePlan`). */
export function planResponse(input: PlanInput): WritePlan {
  return input.existing === null ? planInsert(input) : planMerge(input, input.existing);
}

/**
 * The row of a new response as `planResponse` plans it (its misuse verdict and keys), without the rest of the
 * plan: a store that inserts rows before it reads what the rollups are planned with (the PostgreSQL store, for
 * a batch without kiosk answers) plans them with this.
 */
export function planNewRow(r: ResponseRecord, recent: RecentKioskAnswers, site: PlanSite | null): PlannedRow {
  // The verdict is stored in the row, so it is made before the insert (and unused if the id exists).
  const verdict = misuseOf(r, recent);
  const types = site?.questionTypes(r.survey) ?? NO_TYPES;
  const row: NewResponse = {
    record: r,
    flagged: verdict.flagged === 1,
    flagReason: verdict.reason,
    emailKey: r.respondentEmail === null ? null : emailKey(r.respondentEmail),
    contactKey: contactKey(types, r.answers),
  };
  return { row, verdict };
}

function planInsert({ record: r, recent, site, now, pairs, planned }: PlanInput): WritePlan {
  const { row, verdict } = planned ?? planNewRow(r, recent, site);
  // The rollup columns named one by one: a spread of the whole record costs more than the rest of the plan.
  const source = {
    site: r.site,
    survey: r.survey,
    touchpoint: r.touchpoint,
    channel: r.channel,
    trigger: r.trigger,
    created_at: r.createdAt,
    received_at: r.receivedAt,
    answers: r.answers,
    flagged: verdict.flagged,
    device: r.device,
    vars: r.vars,
  };
  const rollups = rollupDeltas(source, 1, site ?? NO_TYPE_HISTORY, site?.timeZone ?? DEFAULT_TIME_ZONE, pairs);
  // A flagged response (a tap burst) opens no case and sends no reply.
  const loop = verdict.flagged || site === null ? [] : loopSteps(site, null, r, now);
  return { kind: 'insert', row, rollups, loop, burstsAfter: verdict.burstsAfter };
}

function planMerge({ record: r, recent, site, now, pairs }: PlanInput, existing: StoredResponse): WritePlan {
  if (existing.site !== r.site || existing.survey !== r.survey)
    return { kind: 'none', outcome: { id: r.id, status: 'conflict' } };
  // A complete response is final: a retry, or a stale partial arriving late, changes nothing.
  if (!existing.partial) return { kind: 'none', outcome: { id: r.id, status: 'duplicate' } };

  const answers = sortedKeys({ ...existing.answers, ...r.answers });
  const vars = sortedKeys({ ...existing.vars, ...r.vars });
  if (
    r.partial === existing.partial &&
    stableJson(answers) === stableJson(existing.answers) &&
    stableJson(vars) === stableJson(existing.vars)
  ) {
    return { kind: 'none', outcome: { id: r.id, status: 'duplicate' } };
  }
  // The completed response is judged as a whole, with the duration its last send measured.
  const verdict = misuseOf(
    {
      id: r.id,
      site: existing.site,
      kiosk: existing.kiosk,
      partial: r.partial,
      createdAt: existing.createdAt,
      answers,
      durationMs: r.durationMs ?? null,
      clientBurst: r.clientBurst ?? false,
    },
    recent,
  );
  const types = site?.questionTypes(existing.survey) ?? NO_TYPES;
  const merge: ResponseMerge = {
    id: r.id,
    answers,
    vars,
    partial: r.partial,
    updatedAt: r.receivedAt,
    flagged: verdict.flagged === 1,
    flagReason: verdict.reason,
    respondentId: r.respondentId,
    respondentEmail: r.respondentEmail,
    emailKey: r.respondentEmail === null ? null : emailKey(r.respondentEmail),
    contactKey: contactKey(types, answers),
  };
  const source = { ...existing, created_at: existing.createdAt, received_at: existing.receivedAt };
  const history = site ?? NO_TYPE_HISTORY;
  const zone = site?.timeZone ?? DEFAULT_TIME_ZONE;
  const removed = rollupDeltas(source, -1, history, zone, pairs);
  const added = rollupDeltas({ ...source, answers, vars, flagged: verdict.flagged }, 1, history, zone, pairs);
  const rollups = {
    scores: [...removed.scores, ...added.scores],
    counts: [...removed.counts, ...added.counts],
    vars: [...removed.vars, ...added.vars],
    impact: [...removed.impact, ...added.impact],
  };
  const { burstsAfter } = verdict;
  if (verdict.flagged || site === null) return { kind: 'merge', merge, rollups, loop: [], burstsAfter };
  // The response as the merge leaves it stored.
  const after: StoredResponse = {
    ...existing,
    answers: answers as StoredResponse['answers'],
    partial: r.partial,
    updatedAt: r.receivedAt,
    vars: vars as StoredResponse['vars'],
    respondentId: existing.respondentId ?? r.respondentId,
    respondentEmail: existing.respondentEmail ?? r.respondentEmail,
    flagged: false,
    flagReason: verdict.reason,
  };
  return { kind: 'merge', merge, rollups, loop: loopSteps(site, existing, after, now), burstsAfter };
}
