import { localDay } from '../../scoring/time-zone.js';
import type { ShownEventRecord } from '../store.js';
import type { QuestionTypesAt } from './type-at-arrival.js';
import { impactDeltas, type ImpactDelta } from './impact-rollup.js';
import { EVERY_PAIR, variableDeltas, type PairScope, type VarDelta, type VariableSource } from './variable-rollup.js';

/**
 * What a stored response adds to the rollups (score histograms and response counts per day), as pure
 * functions every store applies the same way. `contribution` is the only place that decides what a row
 * counts for; `rollupDeltas` turns it into ±1 changes of rollup rows, each with a key that identifies the
 * row, so a store can sum the deltas of a whole transaction before it writes them.
 */

/** The columns of a stored response that decide what it adds to the rollups. */
export interface RollupSource {
  site: string;
  survey: string;
  touchpoint: string;
  channel: string;
  trigger: string | null;
  /** ISO 8601 UTC, as the responses table keeps it */
  created_at: string;
  /** first arrival (ISO 8601 UTC): an answer counts as the type its question had then (type-at-arrival.ts) */
  received_at: string;
  answers: Readonly<Record<string, unknown>>;
  /** set by the misuse filter (migration 004); absent or 0 counts */
  flagged?: number | boolean | null;
}

/** Whether a stored response counts in scores and response rates at all: flagged ones (misuse) do not. */
export function countsInScores(row: Pick<RollupSource, 'flagged'>): boolean {
  return !row.flagged;
}

/** How an answer counts in scores: integers (scale and thumbs answers, the only numeric ones) as themselves. */
export function scoredValue(answer: unknown): number | null {
  return typeof answer === 'number' && Number.isInteger(answer) ? answer : null;
}

/** What one stored response adds to the rollups. */
export interface Contribution {
  /** 'YYYY-MM-DD' of created_at in the site's time zone */
  day: string;
  /** 1 when the respondent answered anything (the response rate's numerator) */
  answered: number;
  /** [question, value] of each scored answer */
  scores: [string, number][];
}

/**
 * THE rule of what a stored response counts for, used by the rollups and by every scan that must agree
 * with them (respondent rows use `countsInScores` and `scoredValue`, its two halves). The migration's
 * backfill applies the same rule to the rows present at that time.
 */
export function contribution(row: RollupSource, timeZone: string): Contribution | null {
  if (!countsInScores(row)) return null;
  const scores: [string, number][] = [];
  let answers = 0;
  for (const [question, answer] of Object.entries(row.answers)) {
    answers++;
    const value = scoredValue(answer);
    if (value !== null) scores.push([question, value]);
  }
  return { day: localDay(row.created_at, timeZone), answered: answers > 0 ? 1 : 0, scores };
}

/** A change of one score_rollups row: `count` more (or fewer) answers `value` to `question`. */
export interface ScoreDelta {
  /** identifies the rollup row (site, day, survey, touchpoint, channel, question, qtype, value) */
  key: string;
  site: string;
  day: string;
  survey: string;
  touchpoint: string;
  channel: string;
  question: string;
  /** the question's type when the response arrived ('' when not in its survey); part of the key */
  qtype: string;
  value: number;
  count: number;
}

/** A change of one response_counts row. */
export interface CountDelta {
  /** identifies the rollup row (site, day, survey, touchpoint, channel, trigger) */
  key: string;
  site: string;
  day: string;
  survey: string;
  touchpoint: string;
  channel: string;
  /** '' for none (the column is part of the key, so it is never null) */
  trigger: string;
  answered: number;
  impressions: number;
}

/** The rollup changes of one write. */
export interface RollupDeltas {
  scores: ScoreDelta[];
  counts: CountDelta[];
  /** var_rollups (plan/variable-rollup.ts): each score delta once per (variable, level) of the response */
  vars: VarDelta[];
  /** impact_rollups (plan/impact-rollup.ts): each (rating answer, NPS answer) pair of the response */
  impact: ImpactDelta[];
}

/** Between the parts of a delta's key: a character no id or day contains. */
const SEP = '\u0000';

const NO_DELTAS: RollupDeltas = Object.freeze({ scores: [], counts: [], vars: [], impact: [] }) as RollupDeltas;

function countDelta(
  row: { site: string; survey: string; touchpoint: string; channel: string },
  day: string,
  trigger: string | null,
  answered: number,
  impressions: number,
): CountDelta {
  const t = trigger ?? '';
  const { site, survey, touchpoint, channel } = row;
  const key = `${site}${SEP}${day}${SEP}${survey}${SEP}${touchpoint}${SEP}${channel}${SEP}${t}`;
  return { key, site, day, survey, touchpoint, channel, trigger: t, answered, impressions };
}

/**
 * The rollup changes of a response: `sign` 1 when it is stored, −1 when it goes or is replaced.
 * `types` is the site's question type history: each answer counts as the type it had at the row's received_at;
 * `timeZone` the site's, whose local day of created_at the row counts on; `pairs` the variables its pairwise
 * rollups cross (by default every one: the store drops the others).
 */
export function rollupDeltas(
  row: RollupSource & VariableSource,
  sign: 1 | -1,
  types: QuestionTypesAt,
  timeZone: string,
  pairs: PairScope = EVERY_PAIR,
): RollupDeltas {
  const c = contribution(row, timeZone);
  if (c === null) return NO_DELTAS;
  const { site, survey, touchpoint, channel } = row;
  const base = `${site}${SEP}${c.day}${SEP}${survey}${SEP}${touchpoint}${SEP}${channel}`;
  const scores = c.scores.map(([question, value]): ScoreDelta => {
    const qtype = types.typeAt(survey, question, row.received_at) ?? '';
    return {
      key: `${base}${SEP}${question}${SEP}${qtype}${SEP}${value}`,
      site,
      day: c.day,
      survey,
      touchpoint,
      channel,
      question,
      qtype,
      value,
      count: sign,
    };
  });
  const counts = c.answered === 0 ? [] : [countDelta(row, c.day, row.trigger, sign, 0)];
  return { scores, counts, vars: variableDeltas(row, scores, pairs), impact: impactDeltas(scores) };
}

/** The rollup change of an impression (the response rate's denominator), on its local day in `timeZone`. */
export function impressionDeltas(e: ShownEventRecord, timeZone: string): RollupDeltas {
  return {
    scores: [],
    counts: [countDelta(e, localDay(e.createdAt, timeZone), e.trigger, 0, 1)],
    vars: [],
    impact: [],
  };
}
