import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY } from './helpers/collector.js';
import { startChildCollector, type ChildCollector } from './helpers/child-collector.js';
import { aResponse, testSite, testSurvey, testTouchpoints } from './helpers/fixtures.js';

/** Requests kept in flight at once by the load generator. */
const CONCURRENCY = 48;
/** Acknowledged responses to wait for before the crash. */
const ACKED_BEFORE_KILL = 400;
/** The crash happens at the latest this long after the load starts, even with fewer acks. */
const LOAD_DEADLINE_MS = 10_000;
/** Largest batch the load generator sends (the API takes up to 100). */
const MAX_BATCH = 5;
/**
 * The test's own bound: two child collectors start (up to 45 s each on a loaded machine, see
 * helpers/child-collector.ts) around up to 10 s of load; the project's 30 s cut it off in a full run on a
 * loaded machine.
 */
const TEST_TIMEOUT_MS = 120_000;

const childEnv = { TOUCHPOINT_ADMIN_KEY: ADMIN_KEY, TOUCHPOINT_RATE_LIMIT: '0', LOG_LEVEL: 'warn' };
const adminHeaders = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };

async function adminPost(base: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${base}/v1/admin${path}`, {
    method: 'POST',
    headers: adminHeaders,
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
}

/** Every response id the export lists, with how often it appears. */
async function exportedIds(base: string): Promise<Map<string, number>> {
  const res = await fetch(`${base}/v1/admin/sites/${testSite.key}/responses/export?format=ndjson`, {
    headers: adminHeaders,
  });
  expect(res.status).toBe(200);
  const counts = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    if (line === '') continue;
    const { id } = JSON.parse(line) as { id: string };
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

// Both ways of committing: on a writer thread, and on the event loop (the default on two cores).
describe.each(['thread', 'inline'])('crash safety (%s writer)', (writer) => {
  let dir: string;
  const children: ChildCollector[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'touchpoint-crash-'));
  });
  afterEach(async () => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'keeps every acknowledged response, exactly once, when the collector is killed with SIGKILL under load',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const db = join(dir, 'touchpoint.db');
      const first = await startChildCollector({ db, env: { ...childEnv, TOUCHPOINT_WRITER: writer } });
      children.push(first);
      await adminPost(first.url, '/sites', testSite);
      for (const t of testTouchpoints) await adminPost(first.url, `/sites/${testSite.key}/touchpoints`, t);
      await adminPost(first.url, `/sites/${testSite.key}/surveys`, testSurvey);

      const acked = new Set<string>();
      let inFlight = 0;
      let crashed = false;
      let killNow: () => void = () => undefined;
      const killed = new Promise<void>((resolve) => {
        killNow = resolve;
      });

      // Each worker keeps one request in flight: singles and small batches, as JSON and as beacons.
      const worker = async (w: number): Promise<void> => {
        for (let i = 0; !crashed; i++) {
          const size = (w + i) % 3 === 0 ? 1 + ((w + i) % MAX_BATCH) : 1;
          const items = Array.from({ length: size }, () => aResponse({ answers: { nps: (w + i) % 11 } }));
          const body = size === 1 ? items[0] : { responses: items };
          const type = i % 2 === 0 ? 'text/plain;charset=UTF-8' : 'application/json';
          inFlight++;
          try {
            const res = await fetch(`${first.url}/v1/responses`, {
              method: 'POST',
              headers: { 'content-type': type },
              body: JSON.stringify(body),
            });
            // Recorded before the body is read: the status line already means "committed".
            if (res.ok) for (const r of items) acked.add(r.id);
            else if (!crashed) throw new Error(`unexpected ${res.status}: ${await res.text()}`);
            await res.arrayBuffer().catch(() => undefined);
          } catch (err) {
            if (!crashed) throw err;
          } finally {
            inFlight--;
          }
          if (acked.size >= ACKED_BEFORE_KILL) killNow();
        }
      };
      const deadline = setTimeout(killNow, LOAD_DEADLINE_MS);
      const workers = Array.from({ length: CONCURRENCY }, (_, w) => worker(w));
      // A worker that fails before the crash fails the test at once instead of at the deadline.
      await Promise.race([killed, Promise.all(workers)]);
      clearTimeout(deadline);

      // Replies already on the wire may still arrive after the kill: they were committed first, so they count.
      const inFlightAtKill = inFlight;
      const ackedAtKill = acked.size;
      first.kill('SIGKILL');
      crashed = true;
      const exit = await first.exited;
      await Promise.all(workers);

      expect(exit.signal).toBe('SIGKILL');
      expect(ackedAtKill).toBeGreaterThan(0);
      expect(inFlightAtKill).toBeGreaterThan(0);

      const second = await startChildCollector({ db, env: { ...childEnv, TOUCHPOINT_WRITER: writer } });
      children.push(second);
      const stored = await exportedIds(second.url);
      const missing = [...acked].filter((id) => !stored.has(id));
      const twice = [...acked].filter((id) => (stored.get(id) ?? 0) > 1);
      expect(missing).toEqual([]);
      expect(twice).toEqual([]);
      expect(stored.size).toBeGreaterThanOrEqual(acked.size);
    },
  );
});
