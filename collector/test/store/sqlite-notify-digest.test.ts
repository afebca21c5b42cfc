import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { site } from '@touchpoint/shared';
import type { AlertFacts, NotifyPayload } from '../../src/closed-loop/notify.js';
import type { LoopStep } from '../../src/store/plan/closed-loop.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'touchpoint-digest-'));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The notify step of a detractor saved at `at`, for the hourly Slack digest of rule `chat`. */
const step = (at: string, score: number): LoopStep => {
  const alert: AlertFacts = {
    rule: 'chat',
    ruleName: 'Detractors',
    touchpoint: 'checkout',
    touchpointName: 'Checkout',
    scale: 'nps',
    score,
    band: 'detractor',
    comment: `score ${score}`,
    responseId: `r${score}`,
    at,
    caseId: null,
  };
  return { kind: 'notify', service: 'slack', url: 'https://chat.example/hook', digest: 'hourly', alert };
};

it('keeps one digest row per rule and hour across a restart, and counts nothing into a digest already sent', async () => {
  const file = join(dir, 'touchpoint.db');
  let store = new SqliteStore({ file, writer: 'inline' });
  await store.createSite(site.parse({ key: 'shop', name: 'Shop' }));
  store.closedLoop.applyLoop('shop', 'r1', [step('2026-12-02T10:05:00.000Z', 1)], '2026-12-02T10:05:00.000Z');
  await store.close();

  // A restart within the hour adds to the same row; nothing is due before the hour ends.
  store = new SqliteStore({ file, writer: 'inline' });
  store.closedLoop.applyLoop('shop', 'r2', [step('2026-12-02T10:45:00.000Z', 5)], '2026-12-02T10:45:00.000Z');
  const claim = (now: string) => store.closedLoop.claimDeliveries({ kinds: ['notify'], limit: 10, leaseMs: 1000, now });
  expect(await claim('2026-12-02T10:59:59.000Z')).toEqual([]);
  const [due, ...rest] = await claim('2026-12-02T11:00:00.000Z');
  expect(rest).toEqual([]);
  expect(due).toMatchObject({ id: 'digest:shop:chat:2026-12-02T10:00:00.000Z', kind: 'notify', event: 'digest' });
  const { digest } = JSON.parse(due!.payload) as NotifyPayload;
  expect(digest).toMatchObject({ count: 2, scored: 2, sum: 6, bands: { detractor: 2 } });
  expect(digest!.comments.map((c) => c.text)).toEqual(['score 5', 'score 1']);

  // A late save for the hour (a clock behind the worker's) while or after it is sent changes nothing.
  store.closedLoop.applyLoop('shop', 'r3', [step('2026-12-02T10:59:00.000Z', 3)], '2026-12-02T10:59:00.000Z');
  await store.closedLoop.markDelivered(due!.id, '2026-12-02T11:00:01.000Z');
  store.closedLoop.applyLoop('shop', 'r4', [step('2026-12-02T10:59:30.000Z', 4)], '2026-12-02T10:59:30.000Z');
  const [logged] = await store.closedLoop.listDeliveries('shop', { limit: 50 });
  expect(logged).toMatchObject({ id: due!.id, status: 'delivered', attempts: 1 });
  const stored = store.db.prepare('SELECT payload FROM outbox WHERE id = ?').pluck().get(due!.id) as string;
  expect((JSON.parse(stored) as NotifyPayload).digest!.count).toBe(2);
  expect(await claim('2026-12-02T12:00:00.000Z')).toEqual([]);
  await store.close();
});

it("finds nothing due without taking the write lock, so a round never waits for the writer thread's commits", async () => {
  const file = join(dir, 'touchpoint.db');
  const store = new SqliteStore({ file, writer: 'inline' });
  await store.createSite(site.parse({ key: 'shop', name: 'Shop' }));
  store.closedLoop.applyLoop('shop', 'r1', [step('2026-12-02T10:05:00.000Z', 1)], '2026-12-02T10:05:00.000Z');
  // Another connection holds the write lock, as the writer thread does while it commits; a write on this
  // one would wait out the busy timeout and fail.
  store.db.pragma('busy_timeout = 100');
  const writer = new Database(file);
  writer.exec('BEGIN IMMEDIATE');
  const claim = (now: string) => store.closedLoop.claimDeliveries({ kinds: ['notify'], limit: 10, leaseMs: 1000, now });
  try {
    expect(await claim('2026-12-02T10:30:00.000Z')).toEqual([]);
    // Something due needs the lock to lease it.
    await expect(claim('2026-12-02T11:00:00.000Z')).rejects.toThrow(/locked|busy/i);
  } finally {
    writer.exec('ROLLBACK');
    writer.close();
  }
  expect(await claim('2026-12-02T11:00:00.000Z')).toHaveLength(1);
  await store.close();
});

it('claims and marks deliveries on the writer thread, so the main connection never writes to the outbox', async () => {
  const file = join(dir, 'touchpoint.db');
  let store = new SqliteStore({ file, writer: 'inline' });
  await store.createSite(site.parse({ key: 'shop', name: 'Shop' }));
  for (const [i, at] of ['2026-12-02T10:05:00.000Z', '2026-12-02T11:05:00.000Z'].entries())
    store.closedLoop.applyLoop('shop', `r${i}`, [step(at, i)], at);
  await store.close();

  store = new SqliteStore({ file, writer: 'thread' });
  // Any write on the main thread's connection now fails.
  store.db.pragma('query_only = ON');
  try {
    const claim = (now: string) =>
      store.closedLoop.claimDeliveries({ kinds: ['notify'], limit: 10, leaseMs: 60_000, now });
    const [first, ...none] = await claim('2026-12-02T12:00:00.000Z');
    expect(none).toHaveLength(1); // both hours' digests are due
    const second = none[0]!;
    expect(await claim('2026-12-02T12:00:01.000Z')).toEqual([]); // leased
    await store.closedLoop.markDelivered(first!.id, '2026-12-02T12:00:02.000Z', first!.claim);
    await store.closedLoop.markFailed(second.id, 'HTTP 500', null, second.claim);
    const log = await store.closedLoop.listDeliveries('shop', { limit: 50 });
    expect(new Map(log.map((d) => [d.id, d.status]))).toEqual(
      new Map([
        [first!.id, 'delivered'],
        [second.id, 'dead'],
      ]),
    );
    expect(log.find((d) => d.id === second.id)?.lastError).toBe('HTTP 500');
  } finally {
    await store.close();
  }
});
