import type { ScoreMetricName } from '@touchpoint/shared';
import { channel as channelName, DEFAULT_JOURNEY_STAGES, MAX_MODEL_DRIVERS } from '@touchpoint/shared';
import { ValidationError } from '../errors.js';
import {
  channelEffects,
  DEFAULT_MIN_N,
  importanceGrid,
  journeyMap,
  addPair,
  modelVariables,
  multivariableDrivers,
  multivariableDriversOfMoments,
  pairName,
  pairReader,
  respondentScore,
  type ChannelCell,
  type DriverInput,
  type DriverMoments,
  type PairTable,
  type ValueSums,
  type VarValue,
} from '../scoring/index.js';
import { DEVICE_VARIABLE, MAX_PAIR_VARIABLES, TRIGGER_VARIABLE } from '../store/plan/variable-rollup.js';
import type { Store } from '../store/store.js';
import {
  askedVariables,
  counting,
  modelSource,
  rollupAnswers,
  type Analysis,
  type MetricParams,
  type ModelSource,
} from './analysis.js';
import { scoreFilter, VAR_PREFIX, type FilterParams } from './window.js';

/** Cells in a canonical order (touchpoint, then channel), so rollup and scan fit the very same input. */
const canonical = (cells: Iterable<ChannelCell>): ChannelCell[] =>
  [...cells].sort((a, b) =>
    a.touchpoint === b.touchpoint ? (a.channel < b.channel ? -1 : 1) : a.touchpoint < b.touchpoint ? -1 : 1,
  );

/** Drivers the score rollups key by. */
const CELL_KEYS = new Set(['survey', 'touchpoint', 'channel']);
/** Drivers the multivariable model takes from the top of the ε² screen when none are named. */
const DEFAULT_MODEL_DRIVERS = 6;
/** The rollup variable of a driver beyond survey, touchpoint and channel; undefined when it has none. */
const rollupVariable = (driver: string): string | undefined =>
  driver === 'device'
    ? DEVICE_VARIABLE
    : driver === 'trigger'
      ? TRIGGER_VARIABLE
      : driver.startsWith(VAR_PREFIX)
        ? driver.slice(VAR_PREFIX.length)
        : undefined;

/** What `adjust=channel` replies carry about the adjustment. */
interface Adjusted {
  score: number | null;
  low: number | null;
  high: number | null;
}

/** Shifts a score and its interval by `by` points (null stays null). */
function shift<T extends Adjusted>(row: T, by: number): T & { adjustment: number } {
  const add = (x: number | null) => (x === null ? null : x + by);
  return { ...row, score: add(row.score), low: add(row.low), high: add(row.high), adjustment: by };
}

/**
 * The model-based analyses (several variables at once): multivariable drivers, channel effects and
 * channel-adjusted scores, the importance–performance grid. Each reads respondent rows of the window
 * (a scan) through the same question rules as the single-variable analyses.
 */
export class Models {
  constructor(
    private readonly store: Store,
    private readonly analysis: Analysis,
  ) {}

  /** Each respondent's score of the metric with every variable (built-ins and `var.*`). */
  private async respondents(site: string, q: MetricParams): Promise<DriverInput[]> {
    const f = scoreFilter(q);
    const questions = await this.analysis.scoredQuestions(site, q, f);
    const bySurvey = new Map(questions.map((x) => [x.survey, x.question]));
    const rows = await this.store.respondentRows(site, { ...f, questions, variables: 'all', qtype: q.metric });
    const out: DriverInput[] = [];
    for (const row of rows) {
      const answer = row.answers[bySurvey.get(row.survey) ?? ''];
      if (answer === undefined) continue;
      const vars: Record<string, string | number | boolean | null> = {
        channel: row.channel,
        device: row.device,
        trigger: row.trigger,
        touchpoint: row.touchpoint,
        survey: row.survey,
      };
      for (const [k, v] of Object.entries(row.vars)) vars[VAR_PREFIX + k] = v;
      out.push({ score: respondentScore(q.metric, answer), vars });
    }
    return out;
  }

  /**
   * The model's moments from the rollups: n, Σ score and Σ score² of the window's respondents and each
   * survey × touchpoint × channel cell (score rollups), each driver variable's levels by those cells
   * (variable rollups) and, with two or more variables, the pairs of their levels (pairwise rollups,
   * migration 025). Null (the caller scans) with filters the rollups do not carry, a variable that is scan
   * only, binned at stored edges (the model bins raw values itself) or not crossed in the pairwise rollups,
   * or two or more variables with a touchpoint or channel filter.
   */
  private async rollupMoments(
    site: string,
    q: MetricParams,
    variables: readonly string[],
  ): Promise<DriverMoments | null> {
    const f = scoreFilter(q);
    if (!rollupAnswers(f)) return null;
    const all = modelVariables(variables);
    const others = all.filter((v) => !CELL_KEYS.has(v));
    const rolled = new Map<string, string>();
    for (const v of others) {
      const name = rollupVariable(v);
      if (name === undefined) return null;
      rolled.set(name, v);
    }
    const questions = await this.analysis.scoredQuestions(site, q, f);
    const cellKeys = all.filter((v) => CELL_KEYS.has(v)) as ('survey' | 'touchpoint' | 'channel')[];
    const read = await this.store.modelCells(site, {
      ...f,
      questions,
      qtype: q.metric,
      variables: [...rolled.keys()],
      cells: cellKeys,
    });
    if (read === null) return null;
    const index = new Map(all.map((v, i) => [v, i]));
    const margins = new Map(all.map((v) => [v, new Map<VarValue, ValueSums>()]));
    const tables = new Map<string, PairTable>();
    /** Counts `n` respondents with value x of a and y of b. */
    const pair = (a: string, x: VarValue, b: string, y: VarValue, n: number) => {
      const flip = (index.get(a) ?? 0) > (index.get(b) ?? 0);
      const name = flip ? pairName(b, a) : pairName(a, b);
      let table = tables.get(name);
      if (!table) tables.set(name, (table = new Map()));
      if (flip) addPair(table, y, x, n);
      else addPair(table, x, y, n);
    };
    const margin = (v: string, x: VarValue, n: number, sum: number) => {
      const m = margins.get(v);
      if (!m) return;
      const s = m.get(x);
      if (s) {
        s.n += n;
        s.sum += sum;
      } else m.set(x, { n, sum });
    };
    const moments: DriverMoments = { n: 0, sum: 0, sumSquares: 0, margins, pair: pairReader(tables, all) };
    for (const r of read.total) {
      const score = respondentScore(q.metric, r.value);
      const n = Number(r.count);
      moments.n += n;
      moments.sum += score * n;
      moments.sumSquares += score * score * n;
      cellKeys.forEach((a, i) => {
        margin(a, r[a], n, score * n);
        for (const b of cellKeys.slice(i + 1)) pair(a, r[a], b, r[b], n);
      });
    }
    // JSON null is no value: those respondents are the total minus the rest.
    for (const r of read.margins) {
      const v = rolled.get(r.variable);
      if (v === undefined || r.level === 'null') continue;
      const n = Number(r.count);
      margin(v, JSON.parse(r.level) as VarValue, n, respondentScore(q.metric, r.value) * n);
    }
    for (const r of read.levels) {
      const v = rolled.get(r.variable);
      if (v === undefined || r.level === 'null') continue;
      const x = JSON.parse(r.level) as VarValue;
      for (const b of cellKeys) pair(v, x, b, r[b], Number(r.count));
    }
    for (const r of read.pairs) {
      const a = rolled.get(r.variableA);
      const b = rolled.get(r.variableB);
      if (a === undefined || b === undefined) continue;
      pair(a, JSON.parse(r.levelA) as VarValue, b, JSON.parse(r.levelB) as VarValue, Number(r.count));
    }
    return moments;
  }

  /** The top drivers modelled together: Shapley and unique shares of R², levels adjusted for touchpoint. */
  async multivariableDrivers(
    site: string,
    q: MetricParams & { variables?: string | undefined; top?: number | undefined; minLevelN?: number | undefined },
    scan = false,
  ) {
    const f = scoreFilter(q);
    const asked = askedVariables(q.variables);
    if (asked && new Set(asked).size > MAX_MODEL_DRIVERS)
      throw new ValidationError(`variables: at most ${MAX_MODEL_DRIVERS} in one model`);
    const minLevelN = q.minLevelN !== undefined ? { minLevelN: q.minLevelN } : {};
    let variables = asked;
    if (!variables) {
      // The screen picks: the drivers whose chance-corrected ε² says they explain something.
      const screen = await this.analysis.drivers(site, { ...q, variables: undefined, ...minLevelN });
      variables = screen.drivers
        .filter((d) => (d.etaSquaredAdjusted ?? 0) > 0)
        .slice(0, q.top ?? DEFAULT_MODEL_DRIVERS)
        .map((d) => d.variable);
    }
    const moments = scan ? null : await this.rollupMoments(site, q, variables);
    const model =
      moments !== null
        ? multivariableDriversOfMoments(moments, { variables, ...minLevelN })
        : multivariableDrivers(await this.respondents(site, q), { variables, ...minLevelN });
    const others = [...new Set(variables)].filter((v) => !CELL_KEYS.has(v));
    return {
      metric: q.metric,
      from: f.from,
      to: f.to,
      counting: counting(q),
      ...(moments !== null
        ? modelSource('rollup')
        : {
            source: 'scan' as const,
            sourceNote:
              'an exact scan of the responses in the window: ' +
              (!rollupAnswers(f)
                ? 'the query has var.* or verified filters, which the rollups do not carry'
                : others.length > 1 && (f.touchpoint !== undefined || f.channel !== undefined)
                  ? `the model has ${others.length} variables beyond survey, touchpoint and channel, and the pairwise rollups that cross them keep neither touchpoint nor channel, which the query filters`
                  : 'a driver is not rolled up with its own levels (scan only, numeric in stored bins, or with ' +
                    `two or more variables one not crossed in pairs: settings.pairVariables, else the site's first ${MAX_PAIR_VARIABLES}), ` +
                    'or the site awaits the recount of its rollups'),
          }),
      adjustedFor: 'touchpoint' as const,
      ...model,
    };
  }

  /**
   * The touchpoint × channel cells (n, Σ score, Σ score²) of the window's respondents, from the score
   * rollups: each channel's histograms by touchpoint, scored per answer value; with one `var.*` filter on a
   * variable rolled up with its own levels, from the variable rollups at that level. With a verified filter,
   * two `var.*` filters, a filter the variable rollups cannot answer (scan only, binned, the site awaiting its
   * recount), or when `scan` is asked, from the respondent rows.
   */
  private async cells(
    site: string,
    q: MetricParams,
    scan = false,
  ): Promise<{ cells: ChannelCell[]; source: ModelSource }> {
    const f = scoreFilter(q);
    const filtered = f.vars !== undefined && Object.keys(f.vars).length > 0;
    if (!scan && (rollupAnswers(f) || (filtered && !f.verified))) {
      const questions = await this.analysis.scoredQuestions(site, q, f);
      const query = {
        ...f,
        qtype: q.metric,
        questions,
        ...(q.question !== undefined ? { question: q.question } : {}),
      };
      const rows = filtered
        ? await this.store.filteredChannelHistograms(site, query)
        : (
            await Promise.all(
              (f.channel !== undefined ? [f.channel] : channelName.options).map(async (channel) =>
                (await this.store.scoreHistograms(site, { ...query, channel, groupBy: 'touchpoint' })).map((r) => ({
                  touchpoint: r.key,
                  channel,
                  value: r.value,
                  count: r.count,
                })),
              ),
            )
          ).flat();
      if (rows !== null) {
        const cells = new Map<string, ChannelCell>();
        for (const r of rows) {
          const key = `${r.touchpoint}\u0000${r.channel}`;
          const c = cells.get(key) ?? { touchpoint: r.touchpoint, channel: r.channel, n: 0, sum: 0, sumSquares: 0 };
          const score = respondentScore(q.metric, r.value);
          c.n += r.count;
          c.sum += score * r.count;
          c.sumSquares += score * score * r.count;
          cells.set(key, c);
        }
        return { cells: canonical([...cells.values()].filter((c) => c.n > 0)), source: 'rollup' };
      }
    }
    const cells = new Map<string, ChannelCell>();
    for (const r of await this.respondents(site, q)) {
      const touchpoint = String(r.vars.touchpoint);
      const channel = String(r.vars.channel);
      const key = `${touchpoint}\u0000${channel}`;
      const c = cells.get(key) ?? { touchpoint, channel, n: 0, sum: 0, sumSquares: 0 };
      c.n += 1;
      c.sum += r.score;
      c.sumSquares += r.score * r.score;
      cells.set(key, c);
    }
    return { cells: canonical(cells.values()), source: 'scan' };
  }

  /** The channel effects of the window's respondents, with each touchpoint's n. */
  private async effects(site: string, q: MetricParams, scan = false) {
    const { cells, source } = await this.cells(site, q, scan);
    const nOf = new Map<string, number>();
    for (const c of cells) nOf.set(c.touchpoint, (nOf.get(c.touchpoint) ?? 0) + c.n);
    return { fx: channelEffects(cells), nOf, source };
  }

  /** Channel offsets against the most used channel, within touchpoints, and each touchpoint's adjustment. */
  async channelEffects(site: string, q: MetricParams, scan = false) {
    const f = scoreFilter(q);
    const { fx, nOf, source } = await this.effects(site, q, scan);
    return {
      metric: q.metric,
      from: f.from,
      to: f.to,
      counting: counting(q),
      ...modelSource(source),
      n: fx.n,
      reference: fx.reference,
      mix: fx.mix,
      offsets: fx.offsets,
      touchpoints: [...fx.adjustments].map(([key, adjustment]) => ({ key, n: nOf.get(key) ?? 0, adjustment })),
    };
  }

  /** Scores by touchpoint adjusted to the site's channel mix (the overall score is unchanged). */
  async adjustedScores(site: string, q: MetricParams & { by: string }, scan = false) {
    if (q.by !== 'touchpoint') throw new ValidationError('adjust: channel adjustment needs by=touchpoint');
    const [scores, fx] = await Promise.all([this.analysis.scores(site, q), this.effects(site, q, scan)]);
    return {
      ...scores,
      ...modelSource(fx.source),
      rows: scores.rows.map((r) => shift(r, fx.fx.adjustments.get(r.key) ?? 0)),
    };
  }

  /** The leaderboard on channel-adjusted scores, re-ranked; the change against the previous period stays raw. */
  async adjustedLeaderboard(site: string, q: MetricParams & { minN?: number | undefined }, scan = false) {
    const [board, fx] = await Promise.all([this.analysis.leaderboard(site, q), this.effects(site, q, scan)]);
    const rows = board.rows.map((r) => shift(r, fx.fx.adjustments.get(r.key) ?? 0));
    const ranked = rows.filter((r) => r.rank !== null);
    ranked.sort((a, b) => (b.score ?? Number.NEGATIVE_INFINITY) - (a.score ?? Number.NEGATIVE_INFINITY));
    ranked.forEach((r, i) => (r.rank = i + 1));
    return {
      ...board,
      ...modelSource(fx.source),
      adjust: 'channel' as const,
      rows: [...ranked, ...rows.filter((r) => r.rank === null)],
    };
  }

  /** Each touchpoint's performance (its rating score) and derived importance (impact on NPS), on the grid. */
  async importance(
    site: string,
    q: FilterParams & { rating: Exclude<ScoreMetricName, 'nps'>; minN?: number | undefined },
    scan = false,
  ) {
    const f = scoreFilter(q);
    const [scores, impact] = await Promise.all([
      this.analysis.scores(site, { ...q, metric: q.rating, by: 'touchpoint' }),
      this.analysis.impact(site, q, scan),
    ]);
    const impactOf = new Map(impact.rows.map((r) => [r.key, r]));
    const keys = [...new Set([...scores.rows.map((r) => r.key), ...impactOf.keys()])];
    const scoreOf = new Map(scores.rows.map((r) => [r.key, r]));
    const grid = importanceGrid(
      keys.map((key) => ({
        key,
        importance: impactOf.get(key)?.impact ?? null,
        performance: scoreOf.get(key)?.score ?? null,
        lowSample: impactOf.get(key)?.lowSample ?? true,
      })),
    );
    return {
      rating: q.rating,
      from: f.from,
      to: f.to,
      // Performance always reads the score rollups; importance says where its pairs came from.
      source: impact.source,
      sourceNote: impact.sourceNote,
      minN: q.minN ?? DEFAULT_MIN_N,
      importanceLine: grid.importanceLine,
      performanceLine: grid.performanceLine,
      rows: grid.rows.map((g) => {
        const s = scoreOf.get(g.key);
        const i = impactOf.get(g.key);
        return {
          key: g.key,
          n: s?.n ?? 0,
          performance: g.performance,
          performanceLow: s?.low ?? null,
          performanceHigh: s?.high ?? null,
          pairs: i?.n ?? 0,
          importance: g.importance,
          importanceLow: i?.low ?? null,
          importanceHigh: i?.high ?? null,
          lowSample: g.lowSample,
          quadrant: g.quadrant,
        };
      }),
    };
  }

  /**
   * The journey map: per stage (the site's order), each touchpoint's score, n, interval, response rate,
   * top-20% benchmark gap and derived importance, and the stage's own importance–performance grid
   * (performance there is the `rating` score, as on the site-wide grid).
   */
  async journey(
    site: string,
    q: MetricParams & { rating: Exclude<ScoreMetricName, 'nps'>; minN?: number | undefined },
    scan = false,
  ) {
    const f = scoreFilter(q);
    const [info, touchpoints, board, importance] = await Promise.all([
      this.store.getSite(site),
      this.store.listTouchpoints(site),
      this.analysis.leaderboard(site, q),
      // `question` names a question of the metric, not of the rating.
      this.importance(site, { ...q, question: undefined }, scan),
    ]);
    const stageOf = new Map(touchpoints.map((t) => [t.id, t.stage ?? null]));
    const impactOf = new Map(importance.rows.map((r) => [r.key, r]));
    const rows = board.rows.map((r) => {
      const i = impactOf.get(r.key);
      return {
        key: r.key,
        stage: stageOf.get(r.key) ?? null,
        n: r.n,
        score: r.score,
        low: r.low,
        high: r.high,
        responseRate: r.responseRate,
        lowSample: r.lowSample,
        performance: i?.performance ?? null,
        importance: i?.importance ?? null,
        importanceLow: i?.importanceLow ?? null,
        importanceHigh: i?.importanceHigh ?? null,
      };
    });
    // Touchpoints with a stage but no answers yet are on the map too, empty.
    for (const t of touchpoints)
      if (t.stage && !rows.some((r) => r.key === t.id))
        rows.push({
          key: t.id,
          stage: t.stage,
          n: 0,
          score: null,
          low: null,
          high: null,
          responseRate: null,
          lowSample: true,
          performance: null,
          importance: null,
          importanceLow: null,
          importanceHigh: null,
        });
    const map = journeyMap(info?.settings.journeyStages ?? DEFAULT_JOURNEY_STAGES, rows);
    /** Places one group of touchpoints on its own grid. */
    const place = <T extends (typeof rows)[number]>(list: T[]) => {
      const grid = importanceGrid(
        list.map((t) => ({
          key: t.key,
          importance: t.importance,
          performance: t.performance,
          lowSample: impactOf.get(t.key)?.lowSample ?? true,
        })),
      );
      const quadrantOf = new Map(grid.rows.map((g) => [g.key, g.quadrant]));
      return {
        importanceLine: grid.importanceLine,
        performanceLine: grid.performanceLine,
        touchpoints: list.map((t) => ({ ...t, quadrant: quadrantOf.get(t.key) ?? ('insufficient-data' as const) })),
      };
    };
    return {
      metric: q.metric,
      rating: q.rating,
      from: f.from,
      to: f.to,
      counting: counting(q),
      source: importance.source,
      sourceNote: importance.sourceNote,
      minN: board.minN,
      benchmark: map.benchmark,
      benchmarkOf: map.benchmarkOf,
      stages: map.stages.map((s) => ({ stage: s.stage, ...place(s.touchpoints) })),
      unstaged: place(map.unstaged).touchpoints,
    };
  }
}
