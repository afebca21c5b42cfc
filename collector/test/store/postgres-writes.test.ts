import { expect, it } from 'vitest';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { describePostgres } from '../helpers/postgres.js';
import { aRecord } from '../helpers/records.js';
import { oneNpsSurvey, twoCollectors } from '../helpers/two-collectors.js';

/** A claim's lease in these tests. */
const LEASE_MS = 60_000;

describePostgres('PostgreSQL store writes, with two collectors on one database', (db) => {
  const two = twoCollectors(db, oneNpsSurvey);

  it('commits concurrent callers in one transaction and acknowledges them only once it is visible to others', async () => {
    const batches = Array.from({ length: 10 }, (_, i) => [aRecord({ answers: { nps: i } }), aRecord()]);
    const saved = batches.map(async (batch) => {
      await two.a.saveResponses(batch);
      // Acknowledged: another connection already sees the caller's rows (committed, not only written).
      const { rows } = await two.reader.query('SELECT id FROM responses WHERE id = ANY($1::text[])', [
        batch.map((r) => r.id),
      ]);
      return rows.length;
    });
    expect(await Promise.all(saved)).toEqual(batches.map(() => 2));
    // xmin is the id of the transaction that wrote a row: callers of one window share one.
    const { rows } = await two.reader.query<{ n: string }>('SELECT count(DISTINCT xmin::text) AS n FROM responses');
    expect(Number(rows[0]?.n)).toBe(1);
  });

  it("refuses only the caller whose response names an unknown site, and commits the others' responses", async () => {
    const good = aRecord({ answers: { nps: 9 } });
    const bad = aRecord({ site: 'nowhere' });
    const [ok, refused] = await Promise.allSettled([two.a.saveResponses([good]), two.a.saveResponses([bad])]);
    expect(ok).toEqual({ status: 'fulfilled', value: [{ id: good.id, status: 'created' }] });
    expect(refused.status).toBe('rejected');
    expect(await two.a.countResponses('s')).toBe(1);
    const { rows } = await two.reader.query<{ answered: number }>('SELECT answered FROM response_counts');
    expect(rows).toEqual([{ answered: 1 }]);
  });

  it("counts a response on its local day when the site's zone changed after the cache read it (rows inserted with BEGIN are planned again)", async () => {
    // The collector caches the site (UTC); then its zone changes where no NOTIFY tells it (as another collector's
    // edit does until its NOTIFY arrives).
    await two.a.saveResponses([aRecord({ answers: { nps: 9 } })]);
    await two.reader.query(
      `UPDATE sites SET settings = jsonb_set(settings, '{timeZone}', '"Asia/Tokyo"') WHERE key = 's'`,
    );
    const late = aRecord({ answers: { nps: 3 }, createdAt: '2026-12-03T23:30:00.000Z' });
    await expect(two.a.saveResponses([late])).resolves.toEqual([{ id: late.id, status: 'created' }]);
    const { rows } = await two.reader.query<{ day: string }>(
      "SELECT day FROM score_rollups WHERE question = 'nps' AND value = 3",
    );
    // 08:30 on the 4th in Tokyo.
    expect(rows.map((r) => r.day)).toEqual(['2026-12-04']);
    expect(await two.a.countResponses('s')).toBe(2);
  });

  it('queues each new response for analysis once, and takes it off the queue when the response is deleted first', async () => {
    const [kept, deleted] = [aRecord({ answers: { nps: 9 } }), aRecord({ answers: { nps: 4 } })];
    await two.a.saveResponses([kept, deleted]);
    await two.b.saveResponses([kept]); // a retry through the other collector: a duplicate, queued once
    const queued = async () =>
      (await two.reader.query<{ id: string }>('SELECT response_id AS id FROM insight_queue ORDER BY 1')).rows.map(
        (r) => r.id,
      );
    expect(await queued()).toEqual([kept.id, deleted.id].sort());
    // As erasure and retention delete: the queue row goes with its response.
    await two.reader.query('DELETE FROM responses WHERE id = $1', [deleted.id]);
    expect(await queued()).toEqual([kept.id]);
    await two.reader.query("DELETE FROM sites WHERE key = 's'");
    expect(await queued()).toEqual([]);
  });

  it("keeps saving after another collector's migration adds columns to the tables it reads back (named statements)", async () => {
    // Each commit's statements are prepared once per connection (db.ts `preparing`); one whose result is a
    // table's `*` would fail with "cached plan must not change result type" after the column is added, so
    // those run unnamed. Partial responses completed later take the read-back path, detractors open cases.
    const rounds = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const partial = aRecord({ answers: { nps: i % 3 }, partial: true });
        await two.a.saveResponses([partial, aRecord({ answers: { nps: 2 } })]);
        expect(await two.a.saveResponses([{ ...partial, partial: false }])).toEqual([
          { id: partial.id, status: 'updated' },
        ]);
      }
    };
    await rounds(8);
    await two.reader.query('ALTER TABLE responses ADD COLUMN added_by_a_later_release text');
    await two.reader.query('ALTER TABLE cases ADD COLUMN added_by_a_later_release text');
    await rounds(8);
    expect(await two.a.countResponses('s')).toBe(32);
  });

  it('stores a response sent to two collectors at once exactly once, counted once', async () => {
    const records = Array.from({ length: 20 }, (_, i) => aRecord({ answers: { nps: i % 11 } }));
    const results = await Promise.all(records.flatMap((r) => [two.a.saveResponses([r]), two.b.saveResponses([r])]));
    const statuses = results.flat().map((x) => x.status);
    expect(statuses.filter((s) => s === 'created')).toHaveLength(20);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(20);
    expect(await two.b.countResponses('s')).toBe(20);
    const histogram = await two.b.scoreHistograms('s', {
      from: '2026-11-01',
      to: '2026-11-01',
      qtype: 'nps',
      groupBy: 'none',
    });
    expect(histogram.reduce((n, row) => n + row.count, 0)).toBe(20);
    // Detractors (0–6) get one follow-up case each, however many collectors saw them.
    const cases = await two.a.closedLoop.listCases('s', { limit: 100 }, new Date().toISOString());
    expect(cases).toHaveLength(records.filter((r) => (r.answers.nps as number) <= 6).length);
  });

  it('never hands one delivery to two collectors claiming at the same moment', async () => {
    await two.a.closedLoop.createWebhook(
      's',
      { url: 'https://hooks.example/in', events: ['response.completed'], active: true },
      'whsec_test',
    );
    await two.a.saveResponses(Array.from({ length: 60 }, () => aRecord({ answers: { nps: 9 } })));
    const now = new Date().toISOString();
    const claim = (s: PostgresStore) =>
      s.closedLoop.claimDeliveries({ kinds: ['webhook'], limit: 7, leaseMs: LEASE_MS, now });
    const claimed: string[] = [];
    for (let round = 0; round < 6; round++) {
      const got = await Promise.all([claim(two.a), claim(two.b), claim(two.a), claim(two.b)]);
      claimed.push(...got.flat().map((d) => d.id));
    }
    expect(claimed).toHaveLength(60);
    expect(new Set(claimed).size).toBe(60);
  });
  it('flags a stored kiosk answer that a late-arriving earlier answer makes part of a burst, in a later batch or the same one', async () => {
    const at = (s: number) => `2026-11-01T10:00:${String(s).padStart(2, '0')}.000Z`;
    const tap = (kiosk: string, s: number, nps: number) =>
      aRecord({ kiosk, channel: 'kiosk', createdAt: at(s), durationMs: 5000, answers: { nps } });
    // k1: 0 s and 10 s stored first, then 5 s arrives: the 10 s answer now has two priors within 20 s.
    const [a1, c1, b1] = [tap('k1', 0, 9), tap('k1', 10, 0), tap('k1', 5, 8)];
    await two.a.saveResponses([a1, c1]);
    await two.b.saveResponses([b1]);
    // k2: the same three in one batch, in the same order of arrival.
    const [a2, c2, b2] = [tap('k2', 0, 9), tap('k2', 10, 0), tap('k2', 5, 8)];
    await two.a.saveResponses([a2, c2, b2]);
    const { rows } = await two.reader.query<{ id: string; flagged: boolean; flag_reason: string | null }>(
      'SELECT id, flagged, flag_reason FROM responses WHERE flagged',
    );
    expect(rows.map((r) => [r.id, r.flag_reason]).sort()).toEqual(
      [
        [c1.id, 'burst'],
        [c2.id, 'burst'],
      ].sort(),
    );
    const window = { from: '2026-11-01', to: '2026-11-01', qtype: 'nps' as const, groupBy: 'none' as const };
    const counted = (await two.a.scoreHistograms('s', window)).filter((r) => Number(r.count) > 0);
    expect(counted.map((r) => [r.value, Number(r.count)]).sort()).toEqual([
      [8, 2],
      [9, 2],
    ]);
  });
});
