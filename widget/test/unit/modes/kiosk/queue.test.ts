import type { ResponseInput } from '@touchpoint/shared';
import { describe, expect, it } from 'vitest';
import {
  BATCH,
  memoryStore,
  offlineQueue,
  type Post,
  type QueueStore,
  replaces,
  retryDelay,
} from '../../../../src/modes/kiosk/queue';

const body = (
  id: string,
  partial: boolean,
  answers: Record<string, number | string> = { smiley: 4 },
): ResponseInput => ({
  id,
  site: 'shop',
  survey: 'kiosk',
  answers,
  partial,
  createdAt: '2026-11-22T10:00:00.000Z',
  context: { channel: 'kiosk', kiosk: 'tablet-1', durationMs: 3000, vars: {} },
});

/** A collector stand-in: answers each post with the next status (or throws for 'net'), records the bodies. */
function collector(...statuses: (number | 'net')[]) {
  const posts: ResponseInput[][] = [];
  const post: Post = async (bodies) => {
    posts.push(bodies);
    const s = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
    if (s == 'net') throw new TypeError('Failed to fetch');
    return s;
  };
  return { posts, post };
}

/** The queue's surroundings: online or not, and the retries it asked for. */
function env(online = true) {
  const e = { up: online, retries: [] as number[] };
  return { e, env: { online: () => e.up, later: (_fn: () => void, ms: number) => (e.retries.push(ms), () => {}) } };
}

const ids = async (s: QueueStore) => (await s.all()).map((x) => x.id).sort();

describe('kiosk offline queue', () => {
  it('writes an answer to the store before it is sent', async () => {
    const store = memoryStore();
    let seenAtPost: string[] = [];
    const q = offlineQueue(
      store,
      async () => {
        seenAtPost = await ids(store);
        return 200;
      },
      env().env,
    );
    await q.enqueue(body('a', false));
    await q.flush();
    expect(seenAtPost).toEqual(['a']);
  });

  it('deletes an answer only after the collector acknowledged it', async () => {
    const store = memoryStore();
    const c = collector(200);
    const q = offlineQueue(store, c.post, env().env);
    await q.enqueue(body('a', false));
    await q.flush();
    expect(c.posts).toHaveLength(1);
    expect(await q.size()).toBe(0);
  });

  it('keeps an answer on a network error, a 429 or a 5xx, and retries it with the same id and backoff', async () => {
    for (const failure of ['net', 429, 503] as const) {
      const store = memoryStore();
      const c = collector(failure, failure, 200);
      const { e, env: en } = env();
      const q = offlineQueue(store, c.post, en);
      await q.enqueue(body('a', false));
      await q.flush();
      expect(await ids(store)).toEqual(['a']);
      await q.flush();
      expect(e.retries).toEqual([2000, 4000]);
      await q.flush();
      expect(await q.size()).toBe(0);
      expect(c.posts.flat().map((b) => b.id)).toEqual(['a', 'a', 'a']);
    }
  });

  it('drops an answer the collector rejected for good (4xx)', async () => {
    const store = memoryStore();
    const q = offlineQueue(store, collector(400).post, env().env);
    await q.enqueue(body('a', false));
    await q.flush();
    expect(await q.size()).toBe(0);
  });

  it('retries a rejected batch one by one, so one bad answer does not hold up the rest', async () => {
    const store = memoryStore();
    const { e, env: en } = env(false);
    const c = collector(400, 200, 400, 200);
    const q = offlineQueue(store, c.post, en);
    for (const id of ['a', 'b', 'c']) await q.enqueue(body(id, false));
    e.up = true;
    await q.online();
    expect(c.posts.map((p) => p.map((b) => b.id))).toEqual([['a', 'b', 'c'], ['a'], ['b'], ['c']]);
    expect(await q.size()).toBe(0);
  });

  it('sends a long queue in batches the collector accepts', async () => {
    const store = memoryStore();
    const { e, env: en } = env(false);
    const c = collector(200);
    const q = offlineQueue(store, c.post, en);
    for (let i = 0; i < BATCH + 5; i++) await q.enqueue(body(`r${i}`, false));
    e.up = true;
    await q.online();
    expect(c.posts.map((p) => p.length)).toEqual([BATCH, 5]);
    expect(await q.size()).toBe(0);
  });

  it('sends nothing while offline, and everything when the network returns', async () => {
    const store = memoryStore();
    const { e, env: en } = env(false);
    const c = collector(200);
    const q = offlineQueue(store, c.post, en);
    for (const id of ['a', 'b']) await q.enqueue(body(id, false));
    await q.flush();
    expect(c.posts).toEqual([]);
    expect(e.retries).toEqual([]);
    e.up = true;
    await q.online();
    expect(c.posts.flat().map((b) => b.id)).toEqual(['a', 'b']);
  });

  it('keeps only the latest version of a response id', async () => {
    const store = memoryStore();
    const q = offlineQueue(store, collector(503).post, env(false).env);
    await q.enqueue(body('a', true, { smiley: 4 }));
    await q.enqueue(body('a', false, { smiley: 4, bought: 'yes' }));
    const all = await store.all();
    expect(all).toHaveLength(1);
    expect(all[0]!.b).toMatchObject({ partial: false, answers: { smiley: 4, bought: 'yes' } });
  });

  it('never lets a late partial replace a queued complete response', async () => {
    const store = memoryStore();
    const q = offlineQueue(store, collector(503).post, env(false).env);
    await q.enqueue(body('a', false, { smiley: 4, bought: 'no' }));
    await expect(q.enqueue(body('a', true, { smiley: 4 }))).resolves.toBe(false);
    expect((await store.all())[0]!.b.partial).toBe(false);
    expect(replaces(undefined, body('a', true))).toBe(true);
  });

  it('does not delete a newer version written while an older one was being sent', async () => {
    const store = memoryStore();
    let release!: () => void;
    const posts: ResponseInput[][] = [];
    const q = offlineQueue(
      store,
      (bodies) => {
        posts.push(bodies);
        return posts.length == 1 ? new Promise<number>((r) => (release = () => r(200))) : Promise.resolve(200);
      },
      env().env,
    );
    await q.enqueue(body('a', true, { smiley: 2 }));
    const sending = q.flush();
    await new Promise((r) => setTimeout(r));
    // the customer answers the next question while the partial is on its way
    await q.enqueue(body('a', false, { smiley: 2, bought: 'no' }));
    release();
    await sending;
    await q.flush();
    expect(posts.map((p) => p[0]!.partial)).toEqual([true, false]);
    expect(await q.size()).toBe(0);
  });

  it('never sends an acknowledged complete response again', async () => {
    const store = memoryStore();
    const c = collector(200);
    const q = offlineQueue(store, c.post, env().env);
    await q.enqueue(body('a', false));
    await q.flush();
    await expect(q.enqueue(body('a', false))).resolves.toBe(false);
    await q.flush();
    expect(c.posts).toHaveLength(1);
  });

  it('backs off from 2 s, doubling up to a minute', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 10].map(retryDelay)).toEqual([
      2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
  });
});
