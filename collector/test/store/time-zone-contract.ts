import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { HistogramRow, ScoreFilter, ShownEventRecord, Store } from '../../src/store/store.js';
import { aRecord } from '../helpers/records.js';

/** 23:30 on Sunday 1 November 2026 in New York (EST, UTC−5): already Monday 2 November in UTC. */
const NEW_YORK_LATE = '2026-11-02T04:30:00.000Z';
// Berlin leaves summer time on Sunday 25 October 2026 at 03:00 CEST (01:00 UTC): that day has 25 hours,
// from 2026-10-24T22:00Z to 2026-10-25T23:00Z.
/** 00:30 CEST on 25 October (the UTC day before) */
const BERLIN_FIRST = '2026-10-24T22:30:00.000Z';
/** 23:30 CET on 25 October, after the clocks went back */
const BERLIN_LAST = '2026-10-25T22:30:00.000Z';
/** 00:30 CET on 26 October (still 25 October in UTC) */
const BERLIN_NEXT = '2026-10-25T23:30:00.000Z';

/** Sets site `s`'s time zone through the store's own edit verb. */
async function setZone(s: Store, timeZone: string): Promise<void> {
  const site = await s.getSite('s');
  if (!site) throw new Error('site s is missing');
  expect(await s.updateSite({ ...site, settings: { ...site.settings, timeZone } })).toBe(true);
}

/** An impression of survey `q` at `createdAt`. */
const impression = (createdAt: string): ShownEventRecord => ({
  id: randomUUID(),
  site: 's',
  type: 'impression',
  survey: 'q',
  touchpoint: 'tp',
  channel: 'web',
  trigger: null,
  createdAt,
  receivedAt: createdAt,
});

const byKey = (rows: HistogramRow[]) =>
  [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.value - b.value));

/** NPS histograms by day over `window`: from the rollups, and from a scan (a variable filter every row has). */
async function byDay(s: Store, window: ScoreFilter) {
  const q = { ...window, qtype: 'nps' as const, groupBy: 'day' as const };
  return {
    rollups: byKey(await s.scoreHistograms('s', q)),
    scan: byKey(await s.scoreHistograms('s', { ...q, vars: { k: 'v' } })),
  };
}

/**
 * Site time zones in the Store contract (issue #14): a site's days are its local days on the rollups and
 * the scans, and a zone change recounts its rollups. Runs inside storeContract (site `s`, survey `q` with
 * question `nps`, touchpoint `tp`).
 */
export function timeZoneContract(store: () => Store): void {
  it('counts a response at 23:30 in New York on that local day, on the rollups and on the scan', async () => {
    const s = store();
    await setZone(s, 'America/New_York');
    await s.saveResponses([aRecord({ answers: { nps: 9 }, vars: { k: 'v' }, createdAt: NEW_YORK_LATE })]);
    await s.saveEvents([impression(NEW_YORK_LATE)]);
    const zone = { timeZone: 'America/New_York' };
    const sunday = await byDay(s, { from: '2026-11-01', to: '2026-11-01', ...zone });
    expect(sunday.rollups).toEqual([{ key: '2026-11-01', value: 9, count: 1 }]);
    expect(sunday.scan).toEqual(sunday.rollups);
    const monday = await byDay(s, { from: '2026-11-02', to: '2026-11-02', ...zone });
    expect(monday).toEqual({ rollups: [], scan: [] });
    expect(await s.responseCounts('s', { from: '2026-11-01', to: '2026-11-01', ...zone, groupBy: 'none' })).toEqual([
      { key: 'all', answered: 1, impressions: 1 },
    ]);
    const rows = await s.respondentRows('s', {
      from: '2026-11-01',
      to: '2026-11-01',
      ...zone,
      questions: [{ survey: 'q', question: 'nps' }],
      variables: [],
    });
    expect(rows.map((r) => r.answers)).toEqual([{ nps: 9 }]);
  });

  it('counts the 25 hours of the day Berlin leaves summer time as that one day', async () => {
    const s = store();
    await setZone(s, 'Europe/Berlin');
    await s.saveResponses(
      (
        [
          [BERLIN_FIRST, 10],
          [BERLIN_LAST, 8],
          [BERLIN_NEXT, 3],
        ] as const
      ).map(([createdAt, nps]) => aRecord({ answers: { nps }, vars: { k: 'v' }, createdAt })),
    );
    const { rollups, scan } = await byDay(s, { from: '2026-10-24', to: '2026-10-26', timeZone: 'Europe/Berlin' });
    expect(rollups).toEqual([
      { key: '2026-10-25', value: 8, count: 1 },
      { key: '2026-10-25', value: 10, count: 1 },
      { key: '2026-10-26', value: 3, count: 1 },
    ]);
    expect(scan).toEqual(rollups);
    const day = await byDay(s, { from: '2026-10-25', to: '2026-10-25', timeZone: 'Europe/Berlin' });
    expect(day.scan.map((r) => r.value)).toEqual([8, 10]);
    expect(day.rollups).toEqual(day.scan);
  });

  it('recounts the rollups when the zone changes, so they equal a count in the new zone', async () => {
    const s = store();
    await s.saveResponses([aRecord({ answers: { nps: 9 }, vars: { k: 'v' }, createdAt: NEW_YORK_LATE })]);
    await s.saveEvents([impression(NEW_YORK_LATE)]);
    const utc = await byDay(s, { from: '2026-11-01', to: '2026-11-02' });
    expect(utc.rollups).toEqual([{ key: '2026-11-02', value: 9, count: 1 }]);

    await setZone(s, 'America/New_York');
    const zone = { from: '2026-11-01', to: '2026-11-02', timeZone: 'America/New_York' };
    const local = await byDay(s, zone);
    expect(local.rollups).toEqual([{ key: '2026-11-01', value: 9, count: 1 }]);
    expect(local.scan).toEqual(local.rollups);
    const counts = (timeZone: string) =>
      s.responseCounts('s', { from: '2026-11-01', to: '2026-11-01', timeZone, groupBy: 'none' });
    expect(await counts('America/New_York')).toEqual([{ key: 'all', answered: 1, impressions: 1 }]);
    // A write after the change counts in the new zone beside the recounted ones.
    await s.saveResponses([aRecord({ answers: { nps: 2 }, vars: { k: 'v' }, createdAt: NEW_YORK_LATE })]);
    const after = await byDay(s, zone);
    expect(after.rollups).toEqual([
      { key: '2026-11-01', value: 2, count: 1 },
      { key: '2026-11-01', value: 9, count: 1 },
    ]);
    expect(after.scan).toEqual(after.rollups);

    await setZone(s, 'UTC');
    const back = await byDay(s, { from: '2026-11-01', to: '2026-11-02' });
    expect(back.rollups.map((r) => r.key)).toEqual(['2026-11-02', '2026-11-02']);
    expect(back.scan).toEqual(back.rollups);
    expect(await counts('UTC')).toEqual([]);
  });
}
