import type { ScoreMetricName } from '@touchpoint/shared';
import { ValidationError } from '../errors.js';
import {
  binsOfEdges,
  DEFAULT_MIN_N,
  driversOfHistograms,
  histogramFromEntries,
  impactRatingsOfCounts,
  leaderboard,
  mergeHistograms,
  quintiles,
  responseRatesBy,
  scoreLevels,
  scoreMetric,
  segmentsOfHistograms,
  shrink,
  trend,
  type Bin,
  type Granularity,
  type Histogram,
  type RankBy,
  type VariableHistograms,
} from '../scoring/index.js';
import type {
  HistogramRow,
  ImpactCountRow,
  RespondentColumn,
  ScoreFilter,
  ScoreGrouping,
  ScoredType,
  Store,
  VariableCounts,
} from '../store/store.js';
import { previousWindow, scoreFilter, VAR_PREFIX, type FilterParams } from './window.js';

/** Milliseconds in a day. */
const MS_PER_DAY = 86_400_000;
/** Breakdowns the rollups answer directly; any other (`device`, `trigger`, `var.*`) scans responses. */
const ROLLUP_GROUPS = new Set<string>(['none', 'touchpoint', 'channel', 'survey']);
/** Built-in respondent columns usable as a variable. */
type Column = RespondentColumn;
/** Variables the driver analysis looks at besides every `var.*`. */
const DEFAULT_DRIVER_COLUMNS = ['channel', 'device', 'trigger', 'touchpoint'];
/** A variable name as a driver query may list it. */
const VARIABLE = /^(channel|device|trigger|touchpoint|survey|var\.[A-Za-z_][A-Za-z0-9_.-]*)$/;

/** The variables a `variables=a,b` parameter names (undefined when absent); a 400 naming the first bad one. */
export function askedVariables(list: string | undefined): string[] | undefined {
  const asked = list
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const bad = asked?.find((v) => !VARIABLE.test(v));
  if (bad !== undefined)
    throw new ValidationError(`variables: "${bad}" is not channel, device, trigger, touchpoint, survey or var.<name>`);
  return asked;
}
/** Variables one driver query may list. */
const MAX_DRIVER_VARIABLES = 50;

/** Which answers a metric reads: every question of its type, optionally one survey's or one question. */
export interface MetricParams extends FilterParams {
  metric: ScoreMetricName;
  question?: string | undefined;
}

/** What a reply counts, said in it: one scored answer per respondent per metric. */
export const counting = (q: MetricParams): string =>
  q.question !== undefined ? `question ${q.question} per response` : `first ${q.metric} question per response`;

/** What a reply says about where its counts by variable came from. */
export function sourceOf(counts: VariableCounts): { source: 'rollup' | 'scan'; sourceNote: string } {
  return counts.source === 'rollup'
    ? { source: 'rollup', sourceNote: 'read from the variable rollups (the same counts as a scan of the responses)' }
    : {
        source: 'scan',
        sourceNote:
          'an exact scan of the responses in the window: a variable involved is not rolled up (more levels than ' +
          'the cap, or the site awaits a recount), or the query crosses it with a var.* filter',
      };
}

/**
 * `source` and `sourceNote` of a reply built from score histograms (scores by survey, touchpoint or channel,
 * leaderboard, quintiles, trend): where Store.scoreHistograms read them.
 */
export function histogramSourceNote(source: 'rollup' | 'scan'): { source: 'rollup' | 'scan'; sourceNote: string } {
  return source === 'rollup'
    ? { source, sourceNote: 'read from the rollups (the same counts as a scan of the responses)' }
    : {
        source,
        sourceNote:
          'an exact scan of the responses in the window: the rollups answer one var.* filter at a time (on a ' +
          'variable rolled up with its own levels) and no verified filter; the result is the same, only slower',
      };
}

/** Where a model view read its counts from, as its reply says. */
export type ModelSource = 'rollup' | 'scan';

/** `source` and `sourceNote` of a model view's reply. */
export function modelSource(source: ModelSource): { source: ModelSource; sourceNote: string } {
  return source === 'rollup'
    ? { source, sourceNote: 'read from the rollups (the same counts as a scan of the responses)' }
    : {
        source,
        sourceNote:
          'an exact scan of the responses in the window: the query has a verified filter or var.* filters the ' +
          'rollups do not carry, or the model needs respondent-level rows the rollups do not keep',
      };
}

/** Whether a filter can be answered from the score rollups (they carry no variables nor receipts). */
export const rollupAnswers = (f: ScoreFilter): boolean =>
  !f.verified && (f.vars === undefined || Object.keys(f.vars).length === 0);

/** A breakdown's key → histogram. */
export function byKey(rows: readonly HistogramRow[]): Map<string, Histogram> {
  const grouped = new Map<string, [number, number][]>();
  for (const r of rows) {
    const list = grouped.get(r.key) ?? [];
    list.push([r.value, r.count]);
    grouped.set(r.key, list);
  }
  return new Map([...grouped].map(([key, entries]) => [key, histogramFromEntries(entries)]));
}

/** A bin with ±∞ written as null, for JSON. */
const wireBin = (b: Bin) => ({
  label: b.label,
  min: Number.isFinite(b.min) ? b.min : null,
  max: Number.isFinite(b.max) ? b.max : null,
});

/** One variable's values with their answer histograms: a built-in column or `var.<name>`. */
function histogramsOf(variable: string, counts: VariableCounts): VariableHistograms {
  const found = variable.startsWith(VAR_PREFIX)
    ? counts.vars.find((v) => v.name === variable.slice(VAR_PREFIX.length))
    : counts.columns.find((c) => c.name === variable);
  const values = (found?.values ?? []).map((v) => [v.value, histogramFromEntries(v.answers)] as const);
  const fixed = found && 'bins' in found ? found.bins : undefined;
  return { variable, values, ...(fixed ? { fixed } : {}) };
}

/**
 * The analyses behind the score endpoints: the store supplies counts (from rollups) or respondent rows
 * (a scan of the window), the pure scoring library does the statistics. A metric scores every question
 * of its type in the site's surveys, narrowed by `survey` and `question`.
 */
export class Analysis {
  constructor(private readonly store: Store) {}

  /** Histograms of a metric grouped by `groupBy`, from the rollups (a scan only with var.* filters). */
  async histograms(site: string, q: MetricParams, f: ScoreFilter, groupBy: ScoreGrouping, weeks = false) {
    const questions = await this.scoredQuestions(site, q, f);
    return this.store.scoreHistograms(site, {
      ...f,
      qtype: q.metric,
      groupBy,
      questions,
      ...(weeks ? { weeks } : {}),
      ...(q.question !== undefined ? { question: q.question } : {}),
    });
  }

  /** Where the histograms of `q` are read from, as the reply says (no store call without a filter that may scan). */
  async histogramSource(site: string, q: MetricParams, f: ScoreFilter) {
    if (!f.verified && (!f.vars || Object.keys(f.vars).length === 0)) return histogramSourceNote('rollup');
    const questions = await this.scoredQuestions(site, q, f);
    return histogramSourceNote(await this.store.histogramSource(site, { ...f, qtype: q.metric, questions }));
  }

  /**
   * The one question per survey a metric scores, so each respondent counts once (two NPS questions of
   * one survey are one person, not two): the one asked for with `question`, else the survey's first of
   * the metric's type.
   */
  async scoredQuestions(site: string, q: MetricParams, f: ScoreFilter) {
    const all = await this.questionsOf(site, q.metric, f, q.question);
    const seen = new Set<string>();
    return all.filter((x) => !seen.has(x.survey) && seen.add(x.survey));
  }

  /**
   * The (survey, question) pairs that are or were of a type, in the surveys the filter allows (archived
   * ones too), in survey order: answers keep the type they were given under, so a question retyped since
   * still holds answers of its old type.
   */
  async questionsOf(site: string, type: string, f: ScoreFilter, question?: string) {
    const [surveys, spans] = await Promise.all([
      this.store.listSurveys(site, { archived: true }),
      this.store.questionTypes(site),
    ]);
    const typed = new Set(spans.filter((x) => x.qtype === type).map((x) => `${x.survey}\u0000${x.question}`));
    const pairs = surveys.flatMap((s) =>
      s.questions.map((x) => ({ survey: s.id, question: x.id, now: x.type === type })),
    );
    // Questions known only from their history (a survey deleted before archiving existed).
    const known = new Set(pairs.map((x) => `${x.survey}\u0000${x.question}`));
    for (const x of spans) {
      const key = `${x.survey}\u0000${x.question}`;
      if (!known.has(key)) pairs.push({ survey: x.survey, question: x.question, now: false });
      known.add(key);
    }
    return pairs
      .filter((x) => f.survey === undefined || x.survey === f.survey)
      .filter((x) => question === undefined || x.question === question)
      .filter((x) => x.now || typed.has(`${x.survey}\u0000${x.question}`))
      .map(({ survey, question: id }) => ({ survey, question: id }));
  }

  /** Each scored answer of the metric counted by (value, answer) per column and `var.*` variable (or all). */
  private async counts(
    site: string,
    q: MetricParams,
    f: ScoreFilter,
    columns: readonly Column[],
    variables: readonly string[] | 'all',
    rawValues = false,
  ) {
    const questions = await this.scoredQuestions(site, q, f);
    const names = variables === 'all' ? variables : variables.map((v) => v.slice(VAR_PREFIX.length));
    const query = { ...f, questions, columns, variables: names, qtype: q.metric };
    return this.store.variableCounts(site, rawValues ? { ...query, rawValues } : query);
  }

  /** A metric overall and per touchpoint, channel, survey, or any variable. */
  async scores(site: string, q: MetricParams & { by: string }) {
    const f = scoreFilter(q);
    if (!ROLLUP_GROUPS.has(q.by)) {
      const s = await this.segments(site, { ...q, variable: q.by });
      return {
        metric: q.metric,
        by: q.by,
        from: f.from,
        to: f.to,
        counting: s.counting,
        source: s.source,
        sourceNote: s.sourceNote,
        overall: s.overall,
        rows: s.rows,
      };
    }
    const [histograms, source] = await Promise.all([
      this.histograms(site, q, f, q.by as ScoreGrouping),
      this.histogramSource(site, q, f),
    ]);
    const groups = byKey(histograms);
    const rows = scoreLevels(q.metric, groups);
    const overall = { ...scoreMetric(q.metric, mergeHistograms(groups.values())), key: 'all' };
    return { metric: q.metric, by: q.by, from: f.from, to: f.to, counting: counting(q), ...source, overall, rows };
  }

  /** Touchpoints ranked by the metric, with the change against the previous period and response rates. */
  async leaderboard(site: string, q: MetricParams & { minN?: number | undefined; rank?: RankBy | undefined }) {
    const f = scoreFilter(q);
    const before = previousWindow(f);
    const [current, previous, exposure, source] = await Promise.all([
      this.histograms(site, q, f, 'touchpoint').then(byKey),
      this.histograms(site, q, before, 'touchpoint').then(byKey),
      // Impressions carry no variables nor receipts: with var.* or verified there is no honest response rate.
      f.vars || f.verified ? Promise.resolve([]) : this.store.responseCounts(site, { ...f, groupBy: 'touchpoint' }),
      this.histogramSource(site, q, f),
    ]);
    const counts = new Map(exposure.map((e) => [e.key, e]));
    const keys = [...new Set([...current.keys(), ...counts.keys()])];
    const inputs = keys.map((key) => {
      const c = counts.get(key);
      const prev = previous.get(key);
      return {
        key,
        histogram: current.get(key) ?? new Map<number, number>(),
        ...(prev ? { previous: prev } : {}),
        ...(c ? { impressions: c.impressions, answered: c.answered } : {}),
      };
    });
    const rankBy = q.rank ?? 'score';
    const shrinkage = rankBy === 'shrunk' ? shrink(q.metric, inputs) : null;
    const rows = leaderboard(q.metric, inputs, {
      ...(q.minN !== undefined ? { minN: q.minN } : {}),
      rank: rankBy,
      shrinkage,
    });
    return {
      metric: q.metric,
      from: f.from,
      to: f.to,
      counting: counting(q),
      previousFrom: before.from,
      previousTo: before.to,
      ...source,
      minN: q.minN ?? DEFAULT_MIN_N,
      rankBy,
      shrinkage: shrinkage === null ? null : { mean: shrinkage.mean, tau2: shrinkage.tau2 },
      rows,
    };
  }

  /** Touchpoints in score quintiles, with the top-vs-bottom gap and its reading. */
  async quintiles(site: string, q: MetricParams & { minN?: number | undefined }) {
    const f = scoreFilter(q);
    const [histograms, source] = await Promise.all([
      this.histograms(site, q, f, 'touchpoint'),
      this.histogramSource(site, q, f),
    ]);
    const inputs = [...byKey(histograms)].map(([key, histogram]) => ({ key, histogram }));
    const analysis = quintiles(q.metric, inputs, q.minN !== undefined ? { minN: q.minN } : {});
    const minN = q.minN ?? DEFAULT_MIN_N;
    return { metric: q.metric, from: f.from, to: f.to, counting: counting(q), ...source, minN, ...analysis };
  }

  /** The metric per level of one variable (numeric ones binned). */
  async segments(
    site: string,
    q: MetricParams & { variable: string; bins?: number | undefined; minN?: number | undefined },
  ) {
    const f = scoreFilter(q);
    const isVar = q.variable.startsWith(VAR_PREFIX);
    // Bins asked for are quantiles of this window's raw values: the stored edges cannot give them.
    const raw = q.bins !== undefined;
    const counts = await this.counts(site, q, f, isVar ? [] : [q.variable as Column], isVar ? [q.variable] : [], raw);
    const values = histogramsOf(q.variable, counts);
    const s = segmentsOfHistograms(q.metric, values, q.bins !== undefined ? { bins: q.bins } : {});
    return {
      metric: q.metric,
      variable: q.variable,
      from: f.from,
      to: f.to,
      counting: counting(q),
      ...sourceOf(counts),
      minN: q.minN ?? DEFAULT_MIN_N,
      kind: s.kind,
      bins: s.bins.map(wireBin),
      binning: s.kind !== 'numeric' ? null : values.fixed ? ('stored' as const) : ('quantiles' as const),
      unparseable: s.unparseable,
      overall: { ...s.overall, key: 'all' },
      rows: s.rows.map((r) => ({ ...r, lowSample: r.n < (q.minN ?? DEFAULT_MIN_N) })),
    };
  }

  /** Variables ranked by how much of the respondent-level score they explain. */
  async drivers(site: string, q: MetricParams & { variables?: string | undefined; minLevelN?: number | undefined }) {
    const f = scoreFilter(q);
    const asked = askedVariables(q.variables);
    if (asked && asked.length > MAX_DRIVER_VARIABLES) {
      throw new ValidationError(`variables: at most ${MAX_DRIVER_VARIABLES}`);
    }
    const columns = (asked ?? DEFAULT_DRIVER_COLUMNS).filter((v) => !v.startsWith(VAR_PREFIX)) as Column[];
    const counts = await this.counts(site, q, f, columns, asked?.filter((v) => v.startsWith(VAR_PREFIX)) ?? 'all');
    const n = counts.total.reduce((sum, [, count]) => sum + count, 0);
    // Unasked, the variables are those the respondents have: none when nobody answered.
    const variables = asked ?? (n === 0 ? [] : [...columns, ...counts.vars.map((v) => VAR_PREFIX + v.name)]);
    const result = driversOfHistograms(
      q.metric,
      variables.map((v) => histogramsOf(v, counts)),
      q.minLevelN !== undefined ? { minLevelN: q.minLevelN } : {},
    );
    // Numeric variables counted at the bin edges stored with the rollups, said with their bins.
    const binned = counts.vars.flatMap((v) =>
      v.bins && variables.includes(VAR_PREFIX + v.name)
        ? [
            {
              variable: VAR_PREFIX + v.name,
              bins: binsOfEdges(v.bins.edges).map(wireBin),
              unparseable: v.bins.unparseable,
            },
          ]
        : [],
    );
    return {
      metric: q.metric,
      from: f.from,
      to: f.to,
      counting: counting(q),
      ...sourceOf(counts),
      n,
      binned,
      drivers: result,
    };
  }

  /**
   * Per touchpoint: how much more likely to recommend are those with a good experience there. Pairs are a
   * response's answers to its survey's first `rating` question and first NPS question, each counted as the
   * type its question had when the response arrived; read from the impact rollups, or (var.* or verified
   * filters, a site awaiting its recount, or `scan`) tallied from the respondent rows.
   */
  async impact(site: string, q: FilterParams & { rating: ScoreMetricName; minN?: number | undefined }, scan = false) {
    const f = scoreFilter(q);
    const [ratingQs, loyaltyQs] = await Promise.all([
      this.questionsOf(site, q.rating, f),
      this.questionsOf(site, 'nps', f),
    ]);
    const firstOf = (list: { survey: string; question: string }[]) => {
      const m = new Map<string, string>();
      for (const x of list) if (!m.has(x.survey)) m.set(x.survey, x.question);
      return m;
    };
    const rating = firstOf(ratingQs);
    // A question that is both (retyped from one to the other) pairs with nothing: each answer has one type.
    const pairs = [...firstOf(loyaltyQs)].flatMap(([survey, npsQuestion]) => {
      const question = rating.get(survey);
      return question === undefined || question === npsQuestion ? [] : [{ survey, question, npsQuestion }];
    });
    let counts: ImpactCountRow[] | null = null;
    if (!scan && rollupAnswers(f)) {
      const { vars: _vars, verified: _verified, ...window } = f;
      counts = await this.store.impactCounts(site, { ...window, rating: q.rating as ScoredType, pairs });
    }
    const source: ModelSource = counts === null ? 'scan' : 'rollup';
    if (counts === null) {
      const questions = pairs.flatMap((p) => [
        { survey: p.survey, question: p.question, qtype: q.rating as ScoredType },
        { survey: p.survey, question: p.npsQuestion, qtype: 'nps' as const },
      ]);
      const bySurvey = new Map(pairs.map((p) => [p.survey, p]));
      const rows = await this.store.respondentRows(site, { ...f, questions, variables: [] });
      counts = [];
      for (const row of rows) {
        const p = bySurvey.get(row.survey);
        const r = p && row.answers[p.question];
        const l = p && row.answers[p.npsQuestion];
        if (r !== undefined && l !== undefined)
          counts.push({ touchpoint: row.touchpoint, rating: r, loyalty: l, count: 1 });
      }
    }
    const ratings = impactRatingsOfCounts(counts, q.rating, q.minN !== undefined ? { minN: q.minN } : {});
    return {
      rating: q.rating,
      from: f.from,
      to: f.to,
      ...modelSource(source),
      minN: q.minN ?? DEFAULT_MIN_N,
      rows: ratings,
    };
  }

  /** The metric per day, ISO week or month, each point with its interval. */
  async trend(site: string, q: MetricParams & { interval?: Granularity | undefined; minN?: number | undefined }) {
    const f = scoreFilter(q);
    const minN = q.minN ?? DEFAULT_MIN_N;
    // Asked for weeks, a whole week may come as one row keyed by its Monday, which buckets into that week.
    const [rows, source] = await Promise.all([
      this.histograms(site, q, f, 'day', q.interval === 'week'),
      this.histogramSource(site, q, f),
    ]);
    const days = [...byKey(rows)].map(([day, histogram]) => ({ day, histogram }));
    // Unasked, days when they hold minN answers on average, else weeks: daily points of a few answers are noise.
    const dayCount = (Date.parse(f.to) - Date.parse(f.from)) / MS_PER_DAY + 1;
    const total = days.reduce((n, d) => n + [...d.histogram.values()].reduce((a, b) => a + b, 0), 0);
    const interval = q.interval ?? (total / dayCount >= minN ? 'day' : 'week');
    const points = trend(q.metric, days, interval, { from: f.from, to: f.to }).map((p) => ({
      ...p,
      lowSample: p.n < minN,
    }));
    return { metric: q.metric, interval, from: f.from, to: f.to, counting: counting(q), ...source, minN, points };
  }

  /** Answered / impressions per touchpoint, trigger, channel or survey. */
  async responseRates(site: string, q: FilterParams & { by: 'touchpoint' | 'trigger' | 'channel' | 'survey' }) {
    const f = scoreFilter(q);
    if (f.verified)
      throw new ValidationError('verified: impressions are not verified, so rates cannot be filtered by it');
    if (f.vars) {
      const first = Object.keys(f.vars)[0] ?? '';
      throw new ValidationError(
        `${VAR_PREFIX}${first}: impressions carry no variables, so rates cannot be filtered by one`,
      );
    }
    const rows = responseRatesBy(await this.store.responseCounts(site, { ...f, groupBy: q.by }), (r) => r.key);
    const [overall] = responseRatesBy(rows, () => 'all');
    return {
      by: q.by,
      from: f.from,
      to: f.to,
      overall: overall ?? { key: 'all', answered: 0, impressions: 0, rate: null },
      rows,
    };
  }
}
