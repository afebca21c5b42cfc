import { expect, it } from 'vitest';
import { survey, type Channel } from '@touchpoint/shared';
import { Analysis } from '../../src/analysis/analysis.js';
import { Models } from '../../src/analysis/models.js';
import { Dice, rng } from '../../src/seed/random.js';
import type { ResponseRecord, Store } from '../../src/store/store.js';
import { aRecord } from '../helpers/records.js';

const CHANNELS: Channel[] = ['web', 'kiosk', 'qr', 'phone'];
/** Responses of the generated data set. */
const RESPONSES = 500;
/**
 * The window every query reads (generated days run from 2026-10-31 to 2026-11-17): a Sunday, the two whole
 * ISO weeks from Monday 2 November (SQLite reads them from its week rollups, migration 032) and a Monday.
 */
const WINDOW = { from: '2026-11-01', to: '2026-11-16' };

/** Variables only the later responses carry. */
const EXTRA_VARIABLES = ['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8'];

const question = (id: string, type: string) => ({ id, type, text: { en: id } });

/** A reply without where it came from, to compare a rollup reply with a scan reply. */
function counts<T extends { source: string; sourceNote: string }>(reply: T): Omit<T, 'source' | 'sourceNote'> {
  const { source: _source, sourceNote: _note, ...rest } = reply;
  return rest;
}

/** Expects two replies equal, numbers to a relative 1e-9 (cells and rows add up the same sums in another order). */
function expectClose(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Math.abs(actual - expected) > 1e-9 * Math.max(1, Math.abs(expected)))
      expect.fail(`${path}: ${actual} is not ${expected}`);
    return;
  }
  if (expected === null || typeof expected !== 'object' || actual === null || typeof actual !== 'object') {
    expect(actual, path).toEqual(expected);
    return;
  }
  expect(Object.keys(actual).sort(), path).toEqual(Object.keys(expected).sort());
  for (const [k, v] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
}

/** Multivariable models the rollups can answer: survey, touchpoint and channel with at most one more variable. */
const ROLLUP_MODELS = [
  { variables: 'channel,touchpoint,var.segment' },
  { variables: 'var.segment,survey' },
  { variables: 'device,channel,touchpoint', minLevelN: 1 },
  { variables: 'channel,var.segment', minLevelN: 80 },
  { variables: 'channel,trigger' },
];

/**
 * Models of two to six variables beyond survey, touchpoint and channel: the pairwise rollups (migration 025)
 * cross them. Categorical text, numbers kept categorical (with a "2" beside the 2), booleans, a numeric
 * variable the model bins in quantiles itself (spend), pooling into "(other)".
 */
const PAIR_MODELS = [
  { variables: 'var.segment,device' },
  { variables: 'channel,touchpoint,var.segment,device,trigger' },
  { variables: 'var.region,var.tier,var.buyer,device', minLevelN: 30 },
  { variables: 'var.spend,var.segment,var.tier,var.buyer,device,trigger' },
  { variables: 'survey,var.region,var.buyer,var.spend,touchpoint', minLevelN: 1 },
];

/** One var.* filter the variable rollups answer, each with and without another filter the rollups key by. */
const VAR_FILTERS = [
  { 'var.segment': 'gold' },
  { 'var.region': 'merged' },
  { 'var.tier': '2' },
  { 'var.buyer': 'true' },
].flatMap((filter) =>
  [{}, { channel: 'web' as const }, { touchpoint: 'tp2' }, { survey: 'a' }].map((extra) => [filter, extra] as const),
);

/**
 * The model views from rollups (issue #14): channel effects and channel-adjusted scores and leaderboard
 * (from the score rollups), impact, the importance–performance grid and the journey map (from the impact
 * rollups, migration 020) must equal the same views computed from a scan of the respondent rows, and so must
 * channel effects with one `var.*` filter (from the variable rollups at that level) — after
 * merges of partial responses, misuse flags, a question's type change, an archived survey, a deletion, an
 * erasure, a change of the site's time zone (the recount) and the recount of migration 020's sites.
 */
export function modelRollupContract(store: () => Store): void {
  // Many models over several write paths: slow on a loaded machine, hence the long timeout.
  it('model views read from the rollups equal the same views from a scan, through every write path', async () => {
    const s = store();
    const analysis = new Analysis(s);
    const models = new Models(s, analysis);
    await s.createSurvey(
      's',
      survey.parse({
        id: 'a',
        name: 'A',
        questions: [question('nps', 'nps'), question('sat', 'csat'), question('sat2', 'csat'), question('eff', 'ces')],
      }),
    );
    // Rating first, and an NPS question of another id.
    await s.createSurvey(
      's',
      survey.parse({ id: 'b', name: 'B', questions: [question('sat', 'csat'), question('rec', 'nps')] }),
    );
    await s.createSurvey('s', survey.parse({ id: 'c', name: 'C', questions: [question('nps', 'nps')] }));
    const dice = new Dice(rng(2014));
    const maybe = <T>(p: number, value: () => T): T | undefined => (dice.chance(p) ? value() : undefined);
    const make = (i: number, receivedAt: string): ResponseRecord => {
      const id = dice.pick(['a', 'b', 'c']);
      const nps = maybe(0.85, () => dice.pick([0, 3, 6, 7, 8, 9, 10, 10, 8.5]));
      const rating = () => dice.pick([1, 2, 3, 4, 5, 5, 4]);
      const all: Record<string, unknown> =
        id === 'a'
          ? { nps, sat: maybe(0.8, rating), sat2: maybe(0.5, rating), eff: maybe(0.6, rating) }
          : id === 'b'
            ? { sat: maybe(0.8, rating), rec: nps }
            : { nps };
      const answers = Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
      const day = dice.pick([
        '2026-10-31',
        '2026-11-01',
        '2026-11-02',
        '2026-11-03',
        '2026-11-09',
        '2026-11-15',
        '2026-11-16',
        '2026-11-17',
      ]);
      const channel = dice.pick(CHANNELS);
      return aRecord({
        id: dice.uuid(),
        survey: id,
        touchpoint: dice.pick(['tp', 'tp2', 'tp3']),
        answers: answers as ResponseRecord['answers'],
        partial: dice.chance(0.2),
        createdAt: `${day}T${String(Math.floor(dice.next() * 24)).padStart(2, '0')}:00:00.000Z`,
        receivedAt,
        durationMs: dice.chance(0.1) ? 1 : null,
        channel,
        kiosk: channel === 'kiosk' ? `k${i % 3}` : null,
        vars: Object.fromEntries(
          Object.entries({
            segment: maybe(0.6, () => dice.pick(['gold', 'new'])),
            region: maybe(0.7, () => dice.pick(['north', 'south', 'east', 'west', 'far'])),
            tier: maybe(0.8, () => dice.pick([1, 2, 3, 3, '2'])),
            buyer: maybe(0.9, () => dice.chance(0.4)),
            spend: maybe(0.75, () => (dice.chance(0.05) ? 'n/a' : Math.floor(dice.next() * 30) * 2.5)),
            // A different value each time: over the level cap, scan only.
            order: maybe(0.5, () => dice.uuid()),
          }).filter(([, v]) => v !== undefined),
        ) as ResponseRecord['vars'],
        respondentId: dice.chance(0.05) ? 'erase-me' : null,
        device: dice.pick(['mobile', 'desktop', 'tablet', null]),
      });
    };
    const first = Array.from({ length: RESPONSES }, (_, i) => make(i, '2026-11-18T00:00:00.000Z'));
    await s.saveResponses(first);
    // Partial responses completed later: a rating and an NPS answer merged in (their rollups swapped).
    const completions = first
      .filter((r) => r.partial)
      .map((r) => ({
        ...r,
        partial: false,
        answers: r.survey === 'b' ? { ...r.answers, sat: 4, rec: 9 } : { ...r.answers, nps: 10, sat: 2 },
        // A level changed on completion: the pairs it was in move.
        vars: { ...r.vars, region: 'merged' },
      }));
    await s.saveResponses(completions as ResponseRecord[]);
    // a.sat becomes a CES question: answers arriving after this count as CES, those before stay CSAT.
    await s.updateSurvey(
      's',
      survey.parse({
        id: 'a',
        name: 'A',
        questions: [question('nps', 'nps'), question('sat', 'ces'), question('sat2', 'csat'), question('eff', 'ces')],
      }),
    );
    // Eight more variables, first seen now: the site's pair slots (MAX_PAIR_VARIABLES) run out among them.
    await s.saveResponses(
      Array.from({ length: RESPONSES / 4 }, (_, i) => {
        const r = make(i, '2099-01-01T00:00:00.000Z');
        const extra = Object.fromEntries(EXTRA_VARIABLES.map((x) => [x, dice.pick(['p', 'q'])]));
        return { ...r, vars: { ...r.vars, ...extra } };
      }),
    );
    await s.deleteResponse('s', first[3]!.id);
    await s.deleteRespondent('s', 'erase-me');
    // Survey c archived (it has answers): they keep counting.
    await s.deleteSurvey('s', 'c');

    const check = async (timeZone?: string) => {
      const zone = timeZone === undefined ? {} : { timeZone };
      const filters = [{}, { channel: 'web' as const }, { survey: 'a' }, { touchpoint: 'tp2' }];
      for (const filter of filters) {
        const q = { ...WINDOW, ...zone, ...filter };
        for (const metric of ['nps', 'csat'] as const) {
          const rolled = await models.channelEffects('s', { ...q, metric });
          expect(rolled.source).toBe('rollup');
          expect(counts(rolled)).toEqual(counts(await models.channelEffects('s', { ...q, metric }, true)));
          const scores = await models.adjustedScores('s', { ...q, metric, by: 'touchpoint' });
          expect(scores).toEqual({
            ...(await models.adjustedScores('s', { ...q, metric, by: 'touchpoint' }, true)),
            source: 'rollup',
            sourceNote: rolled.sourceNote,
          });
          for (const asked of ROLLUP_MODELS) {
            const model = await models.multivariableDrivers('s', { ...q, metric, ...asked });
            expect(model.source).toBe('rollup');
            expectClose(
              counts(model),
              counts(await models.multivariableDrivers('s', { ...q, metric, ...asked }, true)),
            );
          }
          // The pairwise rollups keep neither touchpoint nor channel: those filters scan.
          const pairSource = 'touchpoint' in filter || 'channel' in filter ? 'scan' : 'rollup';
          for (const asked of PAIR_MODELS) {
            const model = await models.multivariableDrivers('s', { ...q, metric, ...asked });
            expect(model.source, `${asked.variables} ${JSON.stringify(filter)}`).toBe(pairSource);
            expectClose(
              counts(model),
              counts(await models.multivariableDrivers('s', { ...q, metric, ...asked }, true)),
            );
          }
          const board = await models.adjustedLeaderboard('s', { ...q, metric });
          expect(board).toEqual({
            ...(await models.adjustedLeaderboard('s', { ...q, metric }, true)),
            source: 'rollup',
            sourceNote: rolled.sourceNote,
          });
        }
        for (const rating of ['csat', 'ces'] as const) {
          const impact = await analysis.impact('s', { ...q, rating });
          expect(impact.source).toBe('rollup');
          expect(counts(impact)).toEqual(counts(await analysis.impact('s', { ...q, rating }, true)));
          const grid = await models.importance('s', { ...q, rating });
          expect(counts(grid)).toEqual(counts(await models.importance('s', { ...q, rating }, true)));
          const journey = await models.journey('s', { ...q, metric: 'nps', rating });
          expect(journey.source).toBe('rollup');
          expect(counts(journey)).toEqual(counts(await models.journey('s', { ...q, metric: 'nps', rating }, true)));
        }
      }
      // The data set is not trivial: pairs at every touchpoint, several channels sharing touchpoints.
      const impact = await analysis.impact('s', { ...WINDOW, ...zone, rating: 'csat' });
      expect(impact.rows.reduce((n, r) => n + r.n, 0)).toBeGreaterThan(60);
      const fx = await models.channelEffects('s', { ...WINDOW, ...zone, metric: 'nps' });
      expect(fx.offsets.filter((o) => o.offset !== null).length).toBeGreaterThan(2);
      // The models are not trivial either: every level of segment and device present, "(other)" pooled.
      const model = await models.multivariableDrivers('s', { ...WINDOW, ...zone, metric: 'nps', ...ROLLUP_MODELS[0] });
      const segment = model.drivers.find((d) => d.variable === 'var.segment');
      expect(segment?.levels.map((l) => l.level).sort()).toEqual(['(missing)', 'gold', 'new']);
      expect(model.r2).toBeGreaterThan(0);
      const devices = await models.multivariableDrivers('s', {
        ...WINDOW,
        ...zone,
        metric: 'nps',
        ...ROLLUP_MODELS[2],
      });
      expect(devices.drivers.find((d) => d.variable === 'device')?.levels.length).toBe(4);
      const pooled = await models.multivariableDrivers('s', { ...WINDOW, ...zone, metric: 'nps', ...ROLLUP_MODELS[3] });
      expect(pooled.drivers.some((d) => d.levels.some((l) => l.level === '(other)'))).toBe(true);
      // The pair models are not trivial: six drivers, spend binned, pooling.
      const six = await models.multivariableDrivers('s', { ...WINDOW, ...zone, metric: 'nps', ...PAIR_MODELS[3] });
      expect(six.drivers.length).toBe(6);
      expect(six.drivers.find((d) => d.variable === 'var.spend')?.kind).toBe('numeric');
      const pooledPairs = await models.multivariableDrivers('s', {
        ...WINDOW,
        ...zone,
        metric: 'nps',
        ...PAIR_MODELS[2],
      });
      expect(pooledPairs.drivers.some((d) => d.levels.some((l) => l.level === '(other)'))).toBe(true);
      // A scan-only variable, or more variables than the pair slots: the model scans, and says why.
      for (const variables of ['var.order,var.segment', EXTRA_VARIABLES.map((x) => `var.${x}`).join(',')]) {
        const q = { ...WINDOW, ...zone, metric: 'nps' as const, variables };
        const scanned = await models.multivariableDrivers('s', q);
        expect(scanned.source, variables).toBe('scan');
        expect(scanned.sourceNote).toMatch(/not rolled up with its own levels/);
      }
      // Channel effects (and channel-adjusted scores and leaderboard) with one var.* filter read the variable
      // rollups at that level: a text level, a level only changed variables gave (region 'merged'), a number
      // spelled as text (tier 2: the number 2 and the text "2"), a boolean, with a channel or touchpoint filter.
      for (const [filter, extra] of VAR_FILTERS) {
        const q = { ...WINDOW, ...zone, ...filter, ...extra };
        const what = JSON.stringify({ filter, extra, timeZone });
        for (const metric of ['nps', 'csat'] as const) {
          const rolled = await models.channelEffects('s', { ...q, metric });
          expect(rolled.source, what).toBe('rollup');
          const scanned = await models.channelEffects('s', { ...q, metric }, true);
          expect(scanned.source).toBe('scan');
          expectClose(counts(rolled), counts(scanned));
          expect(rolled.n, what).toBeGreaterThan(0);
          const scores = await models.adjustedScores('s', { ...q, metric, by: 'touchpoint' });
          expect(scores.source, what).toBe('rollup');
          expectClose(
            counts(scores),
            counts(await models.adjustedScores('s', { ...q, metric, by: 'touchpoint' }, true)),
          );
          const board = await models.adjustedLeaderboard('s', { ...q, metric });
          expect(board.source, what).toBe('rollup');
          expectClose(counts(board), counts(await models.adjustedLeaderboard('s', { ...q, metric }, true)));
        }
      }
      // Not trivial: the filter's cells differ from the unfiltered ones.
      const gold = await models.channelEffects('s', { ...WINDOW, ...zone, 'var.segment': 'gold', metric: 'nps' });
      expect(gold.n).toBeLessThan((await models.channelEffects('s', { ...WINDOW, ...zone, metric: 'nps' })).n);
      expect(gold.offsets.filter((o) => o.offset !== null).length).toBeGreaterThan(1);
      // A scan-only variable, or two var.* filters: channel effects scan, and say so.
      for (const filter of [
        { 'var.order': first[0]!.vars.order ?? 'x' },
        { 'var.segment': 'gold', 'var.region': 'north' },
      ]) {
        const q = { ...WINDOW, ...zone, ...filter, metric: 'nps' as const };
        const scanned = await models.channelEffects('s', q);
        expect(scanned.source, JSON.stringify(filter)).toBe('scan');
        expect(counts(scanned)).toEqual(counts(await models.channelEffects('s', q, true)));
      }
      // Impact and the multivariable model keep no var.* filter in their rollups: they scan, and say so.
      const filtered = { ...WINDOW, ...zone, 'var.segment': 'gold' };
      expect((await analysis.impact('s', { ...filtered, rating: 'csat' })).source).toBe('scan');
      const filteredModel = await models.multivariableDrivers('s', { ...filtered, metric: 'nps', ...ROLLUP_MODELS[0] });
      expect(filteredModel.source).toBe('scan');
    };
    await check();
    // A new time zone recounts the site's rollups on its new local days.
    const site = await s.getSite('s');
    expect(await s.updateSite({ ...site!, settings: { ...site!.settings, timeZone: 'America/New_York' } })).toBe(true);
    await check('America/New_York');
    // The recount migration 020 leaves existing sites to rebuilds the same impact rollups.
    expect(await s.rebuildVariableRollups('s')).toBeGreaterThan(RESPONSES);
    await check('America/New_York');
  }, 180_000);
}
