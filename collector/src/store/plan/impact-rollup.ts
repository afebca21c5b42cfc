import type { ScoreDelta } from './rollup-contribution.js';

/**
 * The impact rollup (migration 020, issue #14): per local day, survey, touchpoint and channel, how many
 * respondents gave rating `value` to `question` (a CSAT, CES, smiley or thumbs question, typed as it was
 * when the response arrived) together with `npsValue` to the NPS question `npsQuestion` of the same
 * response. The impact of a touchpoint's rating on NPS, and the importance–performance grid and journey
 * map built on it, read the joint distribution from here instead of scanning respondent rows.
 */

/** The rating types whose joint distribution with NPS is kept (`impact` takes any of them as `rating`). */
export const IMPACT_RATING_TYPES: ReadonlySet<string> = new Set(['csat', 'ces', 'smiley', 'thumbs']);

/** A change of one impact_rollups row. */
export interface ImpactDelta {
  /** identifies the row (site, day, survey, touchpoint, channel, question, qtype, value, npsQuestion, npsValue) */
  key: string;
  site: string;
  day: string;
  survey: string;
  touchpoint: string;
  channel: string;
  /** the rating question and its type when the response arrived */
  question: string;
  qtype: string;
  value: number;
  /** the NPS question (its type was nps when the response arrived) and its answer */
  npsQuestion: string;
  npsValue: number;
  count: number;
}

const SEP = '\u0000';

/**
 * The impact_rollups changes of a response's scored answers (`scores`, already signed and typed): one per
 * (rating answer, NPS answer) pair of the response. Most surveys ask one of each: one pair, or none.
 */
export function impactDeltas(scores: readonly ScoreDelta[]): ImpactDelta[] {
  const nps = scores.filter((s) => s.qtype === 'nps');
  if (nps.length === 0) return [];
  const out: ImpactDelta[] = [];
  for (const r of scores) {
    if (!IMPACT_RATING_TYPES.has(r.qtype)) continue;
    for (const l of nps) {
      const { site, day, survey, touchpoint, channel } = r;
      out.push({
        key:
          `${site}${SEP}${day}${SEP}${survey}${SEP}${touchpoint}${SEP}${channel}${SEP}${r.question}${SEP}` +
          `${r.qtype}${SEP}${r.value}${SEP}${l.question}${SEP}${l.value}`,
        site,
        day,
        survey,
        touchpoint,
        channel,
        question: r.question,
        qtype: r.qtype,
        value: r.value,
        npsQuestion: l.question,
        npsValue: l.value,
        count: r.count,
      });
    }
  }
  return out;
}
