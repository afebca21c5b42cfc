import { ValidationError } from '../errors.js';
import { histogramTotal, weightedScore, type Histogram, type StratumInput } from '../scoring/index.js';
import type { Store } from '../store/store.js';
import { byKey, type Analysis, type MetricParams } from './analysis.js';
import { scoreFilter } from './window.js';

/** What `weight` asks for on a scores query. */
export type WeightParam = 'none' | 'channel' | 'impressions';

/** Histograms keyed by stratum with a target share each, and where the shares came from. */
interface Strata {
  inputs: StratumInput[];
  shares: 'declared' | 'equal' | 'impressions';
}

/**
 * Post-stratified overall scores (`weight=channel|impressions` on `GET …/scores`): the overall score with
 * each channel at the site's declared mix (equal shares when none is declared), or each touchpoint at its
 * share of the window's impressions instead of its share of the answers. The rows stay as they are.
 */
export class Weighting {
  constructor(
    private readonly store: Store,
    private readonly analysis: Analysis,
  ) {}

  /** Channels with their declared target shares, or equal shares over the channels that have answers. */
  private async byChannel(site: string, histograms: Map<string, Histogram>): Promise<Strata> {
    const declared = (await this.store.getSite(site))?.settings.weighting?.channelShares;
    if (!declared)
      return { inputs: [...histograms].map(([key, histogram]) => ({ key, histogram, share: 1 })), shares: 'equal' };
    const keys = [...new Set([...Object.keys(declared), ...histograms.keys()])].sort();
    const shareOf = new Map<string, number | undefined>(Object.entries(declared));
    return {
      inputs: keys.map((key) => ({ key, histogram: histograms.get(key) ?? new Map(), share: shareOf.get(key) ?? 0 })),
      shares: 'declared',
    };
  }

  /** Touchpoints at their share of the window's impressions. */
  private async byImpressions(site: string, q: MetricParams, histograms: Map<string, Histogram>): Promise<Strata> {
    const f = scoreFilter(q);
    // Impressions carry neither variables nor receipts: a share of them under such a filter would be made up.
    if (f.vars)
      throw new ValidationError('weight: impressions carry no variables, so var.* filters cannot be weighted by them');
    if (f.verified)
      throw new ValidationError('weight: impressions are not verified, so verified answers cannot be weighted by them');
    // Impressions of the surveys that ask the metric only: a CSAT score is not weighted by NPS surveys shown.
    const surveys = [...new Set((await this.analysis.scoredQuestions(site, q, f)).map((x) => x.survey))];
    const exposure = await Promise.all(
      surveys.map((survey) => this.store.responseCounts(site, { ...f, survey, groupBy: 'touchpoint' })),
    );
    const impressions = new Map<string, number>();
    for (const e of exposure.flat()) impressions.set(e.key, (impressions.get(e.key) ?? 0) + e.impressions);
    const keys = [...new Set([...impressions.keys(), ...histograms.keys()])].sort();
    return {
      inputs: keys.map((key) => ({
        key,
        histogram: histograms.get(key) ?? new Map(),
        share: impressions.get(key) ?? 0,
      })),
      shares: 'impressions',
    };
  }

  /** `GET …/scores` with `weight`: the reply of the unweighted query with its overall post-stratified. */
  async scores(site: string, q: MetricParams & { by: string; weight: Exclude<WeightParam, 'none'> }) {
    const f = scoreFilter(q);
    if (q.weight === 'channel' && f.channel !== undefined)
      throw new ValidationError('weight: weighting by channel needs every channel; drop the channel filter');
    const groupBy = q.weight === 'channel' ? 'channel' : 'touchpoint';
    const [plain, histograms] = await Promise.all([
      this.analysis.scores(site, q),
      this.analysis.histograms(site, q, f, groupBy).then(byKey),
    ]);
    const strata =
      q.weight === 'channel' ? await this.byChannel(site, histograms) : await this.byImpressions(site, q, histograms);
    if (strata.shares === 'impressions' && strata.inputs.every((s) => s.share === 0) && plain.overall.n > 0)
      throw new ValidationError(
        'weight: no impressions were recorded in the window, so answers cannot be weighted by them',
      );
    const w = weightedScore(q.metric, strata.inputs);
    if (w.n === 0 && plain.overall.n > 0) {
      const answered = strata.inputs.filter((s) => histogramTotal(s.histogram) > 0).map((s) => s.key);
      throw new ValidationError(
        `weight: none of the ${plain.overall.n} answers is in a ${groupBy} with a target share (answered: ${answered.join(', ')}; empty: ${w.empty.join(', ')})`,
      );
    }
    return {
      ...plain,
      overall: { key: 'all', n: w.n, score: w.score, low: w.low, high: w.high },
      pooled: plain.overall,
      weighting: {
        by: q.weight,
        shares: strata.shares,
        deff: w.deff,
        effectiveN: w.effectiveN,
        strata: w.strata,
        empty: w.empty,
        unweighted: w.unweighted,
      },
    };
  }
}
