import type { ResponseInput } from '@touchpoint/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DONE, DROP, RETRY, outcome, queueKey, transport } from '../../../src/core/transport';

describe('transport outcome', () => {
  it('takes any 2xx as stored', () => {
    expect(outcome(200)).toBe(DONE);
    expect(outcome(201)).toBe(DONE);
  });

  it('drops a permanently rejected send (4xx)', () => {
    expect(outcome(400)).toBe(DROP);
    expect(outcome(403)).toBe(DROP);
    expect(outcome(413)).toBe(DROP);
  });

  it('retries rate limits and server errors with the same id', () => {
    expect(outcome(429)).toBe(RETRY);
    expect(outcome(500)).toBe(RETRY);
    expect(outcome(503)).toBe(RETRY);
  });
});

const SITE = 'shop';
const KEY = queueKey(SITE);

const body = (id: string, partial = false, nps = 9): ResponseInput => ({
  id,
  site: SITE,
  survey: 'nps',
  answers: { nps },
  partial,
  createdAt: '2026-11-22T10:00:00.000Z',
  context: { channel: 'web', vars: {} },
});

/** localStorage as every tab of one origin shares it; `blocked` makes it throw as Safari's private mode did. */
function storage() {
  const m = new Map<string, string>();
  const s = {
    blocked: false,
    getItem(k: string) {
      if (s.blocked) throw new Error('SecurityError');
      return m.get(k) ?? null;
    },
    setItem(k: string, v: string) {
      if (s.blocked) throw new Error('SecurityError');
      m.set(k, v);
    },
    removeItem(k: string) {
      if (s.blocked) throw new Error('SecurityError');
      m.delete(k);
    },
    /** the queue as stored: response ids with their partial flag */
    queue: () => (JSON.parse(m.get(KEY) || '[]') as { b: ResponseInput }[]).map((x) => `${x.b.id}:${x.b.partial}`),
  };
  return s;
}

/** A collector stand-in: while `down` every post fails as a network error; `hold` keeps the next answer back. */
function collector() {
  const c = {
    down: false,
    hold: false,
    /** releases the answer held back */
    held: undefined as (() => void) | undefined,
    /** every body that reached the collector, in order */
    posts: [] as ResponseInput[],
    /** posts answered 200 */
    acked: 0,
    /** the bodies sent by beacon */
    beacons: [] as ResponseInput[],
    fetch: vi.fn(async (_url: URL, init: RequestInit) => {
      if (c.down) throw new TypeError('Failed to fetch');
      c.posts.push(JSON.parse(init.body as string));
      if (c.hold) await new Promise<void>((r) => (c.held = r));
      c.acked++;
      return { status: 200, text: async () => '' };
    }),
    /** the ids posted, each with its partial flag */
    ids: () => c.posts.map((b) => `${b.id}:${b.partial}`),
  };
  return c;
}

/** One browser tab: its own window (events), the shared storage and network. */
function tab() {
  const win = new EventTarget();
  vi.stubGlobal('window', win);
  const net = transport('http://collector.test/', SITE, () => {});
  return { net, fire: (type: string) => win.dispatchEvent(new Event(type)) };
}

/** Lets every pending promise run (the stand-in collector answers without a timer). */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('transport queue shared by the tabs of a site', () => {
  let store: ReturnType<typeof storage>;
  let c: ReturnType<typeof collector>;

  beforeEach(() => {
    vi.useFakeTimers();
    store = storage();
    c = collector();
    vi.stubGlobal('localStorage', store);
    vi.stubGlobal('fetch', c.fetch);
    vi.stubGlobal('navigator', {
      sendBeacon: (_url: URL, b: string) => (c.beacons.push(JSON.parse(b)), true),
    });
  });

  afterEach(() => {
    // the retry timers of this test's tabs
    vi.clearAllTimers();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('keeps an answer queued offline by one tab when another tab queues its own (the lost-answer bug)', async () => {
    c.down = true;
    const a = tab();
    const b = tab();
    a.net.send('responses', body('a1'));
    b.net.send('responses', body('b1'));
    await settle();
    expect(store.queue()).toEqual(['a1:false', 'b1:false']);
    expect(c.posts).toEqual([]);

    c.down = false;
    b.fire('online');
    await settle();
    expect(c.ids()).toEqual(['a1:false', 'b1:false']);
    expect(store.queue()).toEqual([]);
  });

  it('removes an acknowledged item only if the queue still holds the version that was sent', async () => {
    const a = tab();
    c.hold = true;
    a.net.send('responses', body('r', true));
    await settle();
    // the complete answer is queued while the partial one is on its way
    a.net.send('responses', body('r', false));
    expect(store.queue()).toEqual(['r:false']);
    c.hold = false;
    c.held!();
    await settle();
    expect(c.ids()).toEqual(['r:true', 'r:false']);
    expect(store.queue()).toEqual([]);
  });

  it('keeps a newer version queued by one tab when another tab delivers the older one', async () => {
    c.down = true;
    const a = tab();
    const b = tab();
    a.net.send('responses', body('r', true));
    await settle();
    c.down = false;
    c.hold = true;
    b.fire('online');
    await settle();
    expect(c.ids()).toEqual(['r:true']);
    c.down = true;
    a.net.send('responses', body('r', false));
    c.held!();
    await settle();
    expect(c.acked).toBe(1);
    expect(store.queue()).toEqual(['r:false']);
  });

  it('replaces a queued version of the same id and keeps the newest 100 items', async () => {
    c.down = true;
    const a = tab();
    a.net.send('responses', body('x', true));
    a.net.send('responses', body('x', false));
    expect(store.queue()).toEqual(['x:false']);
    for (let i = 0; i < 105; i++) a.net.send('responses', body('n' + i));
    const q = store.queue();
    expect(q).toHaveLength(100);
    expect(q[0]).toBe('n5:false');
    expect(q[99]).toBe('n104:false');
  });

  it("beacons on page hide what is in storage, with the other tabs' items", async () => {
    c.down = true;
    const a = tab();
    const b = tab();
    a.net.send('responses', body('a1'));
    b.net.send('responses', body('b1'));
    b.fire('pagehide');
    expect(c.beacons.map((x) => x.id)).toEqual(['a1', 'b1']);
  });

  it('delivers what an earlier page view left queued as soon as it starts', async () => {
    c.down = true;
    tab().net.send('responses', body('r'));
    await settle();
    c.down = false;
    tab();
    await settle();
    expect(c.ids()).toEqual(['r:false']);
    expect(store.queue()).toEqual([]);
  });

  it('retries a failed send with the same id after a backoff', async () => {
    c.down = true;
    const a = tab();
    a.net.send('responses', body('r'));
    await settle();
    expect(c.fetch).toHaveBeenCalledTimes(1);
    c.down = false;
    await vi.advanceTimersByTimeAsync(4999);
    expect(c.posts).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(c.ids()).toEqual(['r:false']);
    expect(store.queue()).toEqual([]);
  });

  it('still queues and retries in memory where storage is blocked', async () => {
    store.blocked = true;
    c.down = true;
    const a = tab();
    a.net.send('responses', body('r'));
    await settle();
    expect(c.fetch).toHaveBeenCalledTimes(1);
    c.down = false;
    a.fire('online');
    await settle();
    expect(c.ids()).toEqual(['r:false']);
  });

  it('forgets everything queued when consent is withdrawn, and writes nothing after', async () => {
    c.down = true;
    const a = tab();
    a.net.send('responses', body('r'));
    await settle();
    a.net.clear();
    expect(store.getItem(KEY)).toBeNull();
    c.down = false;
    a.fire('online');
    a.fire('pagehide');
    await settle();
    expect(c.posts).toEqual([]);
    expect(c.beacons).toEqual([]);
    expect(store.getItem(KEY)).toBeNull();
  });
});
