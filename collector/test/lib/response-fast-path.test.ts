import { response, responseBatch } from '@touchpoint/shared';
import { describe, expect, it } from 'vitest';
import { quickResponse, quickResponseBatch } from '../../src/lib/response-fast-path.js';

/** A small seeded generator, so a failure names a body that can be replayed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const VALID: Json[] = [
  {
    id: '0190a3c2-7b1e-7c4d-9a2b-3c4d5e6f7a8b',
    site: 'shop',
    survey: 'nps',
    answers: { nps: 9, why: 'Quick delivery.' },
    createdAt: '2026-11-20T12:00:00.000Z',
    context: { channel: 'web', url: 'https://shop.example/checkout', trigger: 'exit-intent:desktop', vars: {} },
  },
  {
    id: '0190A3C2-7B1E-4C4D-8A2B-3C4D5E6F7A8B',
    site: 'shop-2',
    survey: 'csat_1',
    touchpoint: 'checkout',
    answers: { csat: 4, topics: ['speed', 'price'], thumbs: 1 },
    partial: true,
    locale: 'pt-BR',
    createdAt: '2026-02-28T23:59:59+01:00',
    respondent: { id: 'cust-17', email: 'ann.lee@shop.example' },
    context: {
      channel: 'kiosk',
      kiosk: 'tablet-3',
      durationMs: 4200,
      referrer: 'https://search.example/',
      vars: { cart: 129.5, plan: 'gold', vip: true, 'region.eu': 'west' },
    },
  },
  {
    id: '0190a3c2-7b1e-7c4d-9a2b-3c4d5e6f7a8c',
    site: 's',
    survey: 'x',
    answers: {},
    createdAt: '2024-02-29T00:00:00Z',
  },
];

/** Values that sit on or just past a bound of some field. */
const VALUES: Json[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  86_400_000,
  86_400_001,
  1e308,
  '',
  'a',
  'A',
  '9lives',
  '-a',
  'web',
  'qr',
  'tv',
  'en',
  'pt-BR',
  'EN',
  'pt-br',
  'en-USA',
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(128),
  'x'.repeat(129),
  'x'.repeat(500),
  'x'.repeat(501),
  'x'.repeat(2048),
  'x'.repeat(2049),
  'x'.repeat(5000),
  'x'.repeat(5001),
  [],
  ['a'],
  ['A'],
  [1],
  Array.from({ length: 30 }, () => 'a'),
  Array.from({ length: 31 }, () => 'a'),
  {},
  { a: 1 },
  '0190a3c2-7b1e-7c4d-9a2b-3c4d5e6f7a8b',
  '0190a3c2-7b1e-9c4d-9a2b-3c4d5e6f7a8b',
  '0190a3c2-7b1e-7c4d-7a2b-3c4d5e6f7a8b',
  '00000000-0000-0000-0000-000000000000',
  '0190a3c27b1e7c4d9a2b3c4d5e6f7a8b',
  '2026-11-20T12:00:00.000Z',
  '2026-11-20T12:00:00Z',
  '2026-11-20T12:00:00.123456+05:30',
  '2026-11-20T12:00:00',
  '2026-11-20 12:00:00Z',
  '2026-02-30T12:00:00Z',
  '2025-02-29T12:00:00Z',
  '2026-11-20T24:00:00Z',
  '2026-11-20T12:00:00+24:00',
  'a@b.co',
  'a@b',
  'a..b@c.co',
  `${'x'.repeat(250)}@b.co`,
];
const KEYS = ['nps', 'Bad', '1a', 'a-b', 'a.b', '_x', 'x'.repeat(64), 'x'.repeat(65), 'extra', '', 'channel', 'vars'];

/** Every path to a value in `v` (objects and arrays), the root excluded. */
function paths(v: Json, at: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [];
  const entries: [string | number, Json][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  return entries.flatMap(([k, x]) => [[...at, k], ...paths(x, [...at, k])]);
}

function parentOf(root: Json, path: (string | number)[]): Record<string | number, Json> {
  let v = root as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) v = v[k] as Record<string | number, Json>;
  return v;
}

/** A copy of `base` with one to three random edits: a value replaced, a key deleted or added, many keys added. */
function mutate(base: Json, next: () => number): Json {
  const v = JSON.parse(JSON.stringify(base)) as Json;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const edits = 1 + Math.floor(next() * 3);
  for (let e = 0; e < edits; e++) {
    const all = paths(v);
    if (all.length === 0) break;
    const path = pick(all);
    const parent = parentOf(v, path);
    const key = path[path.length - 1] as string | number;
    const what = next();
    if (what < 0.55) parent[key] = JSON.parse(JSON.stringify(pick(VALUES))) as Json;
    else if (what < 0.7 && !Array.isArray(parent)) delete parent[key];
    else if (what < 0.9) {
      const target = parent[key];
      const obj = target !== null && typeof target === 'object' && !Array.isArray(target) ? target : parent;
      if (!Array.isArray(obj)) (obj as Record<string, Json>)[pick(KEYS)] = pick(VALUES);
    } else {
      const target = parent[key];
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
        const n = 49 + Math.floor(next() * 4);
        for (let i = 0; i < n; i++) (target as Record<string, Json>)[`k${i}`] = i;
      }
    }
  }
  return v;
}

describe('the hand-written check of a response (before zod)', () => {
  it('returns exactly what the zod schema returns for the bodies the widget sends', () => {
    for (const body of VALID) {
      const parsed = response.safeParse(body);
      expect(parsed.success).toBe(true);
      expect(quickResponse(body)).toEqual(parsed.data);
    }
    const batch = { responses: VALID };
    expect(quickResponseBatch(batch)).toEqual(responseBatch.parse(batch));
  });

  it('never vouches for a body zod refuses, and agrees with zod on every one it vouches for (5,000 mutated bodies)', () => {
    const next = rng(12);
    let vouched = 0;
    let refusedByZod = 0;
    for (let i = 0; i < 5000; i++) {
      const body = mutate(VALID[i % VALID.length] as Json, next);
      const fast = quickResponse(body);
      const parsed = response.safeParse(body);
      if (!parsed.success) refusedByZod++;
      if (fast === undefined) continue;
      vouched++;
      expect(parsed.success, JSON.stringify(body).slice(0, 400)).toBe(true);
      expect(fast, JSON.stringify(body).slice(0, 400)).toEqual(parsed.data);
    }
    // Both sides of the comparison were exercised.
    expect(vouched).toBeGreaterThan(500);
    expect(refusedByZod).toBeGreaterThan(1250);
  });

  it('leaves a batch to zod when any item is not in the common form, or the batch is empty or too long', () => {
    const ok = VALID[0] as Json;
    expect(quickResponseBatch({ responses: [ok, { ...(ok as object), createdAt: 'x' }] })).toBeUndefined();
    expect(quickResponseBatch({ responses: [] })).toBeUndefined();
    expect(quickResponseBatch({ responses: Array.from({ length: 101 }, () => ok) })).toBeUndefined();
    expect(quickResponseBatch({ responses: [ok], extra: 1 })).toBeUndefined();
    expect(quickResponseBatch({ responses: Array.from({ length: 100 }, () => ok) })?.responses).toHaveLength(100);
  });
});
