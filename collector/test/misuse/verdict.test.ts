import { describe, expect, it } from 'vitest';
import { ClientBursts } from '../../src/misuse/client-bursts.js';
import {
  BURST_PRIOR_ANSWERS,
  CLIENT_BURST_MAX,
  CLIENT_BURST_WINDOW_MS,
  isClientBurst,
  kioskPriorAnswers,
  MIN_MS_PER_ANSWER,
  misuseVerdict,
} from '../../src/misuse/verdict.js';

describe('the misuse verdict', () => {
  const honest = { answered: 2, durationMs: 8000, kioskPriorAnswers: null, clientBurst: false };

  it('keeps an honest answer clean', () => {
    expect(misuseVerdict(honest)).toEqual({ flagged: 0, reason: null });
    expect(misuseVerdict({ ...honest, durationMs: null, kioskPriorAnswers: BURST_PRIOR_ANSWERS - 1 })).toEqual({
      flagged: 0,
      reason: null,
    });
  });

  it('flags answers faster than a person reads as too-fast', () => {
    const fast = { ...honest, durationMs: MIN_MS_PER_ANSWER * 2 - 1 };
    expect(misuseVerdict(fast)).toEqual({ flagged: 1, reason: 'too-fast' });
  });

  it('flags a kiosk answer after two others within the window as a burst', () => {
    expect(misuseVerdict({ ...honest, kioskPriorAnswers: BURST_PRIOR_ANSWERS })).toEqual({
      flagged: 1,
      reason: 'burst',
    });
  });

  it('counts a kiosk answer’s prior answers by when they were given, whatever order they come in', () => {
    const at = (id: string, seconds: number) => ({
      id,
      createdAt: new Date(Date.UTC(2026, 10, 1, 10, 0, seconds)).toISOString(),
    });
    const answers = [at('a', 0), at('b', 5), at('c', 10), at('d', 40), at('e', 40)];
    const expected = new Map([
      ['a', 0],
      ['b', 1],
      ['c', 2],
      ['d', 0],
      ['e', 1],
    ]);
    expect(kioskPriorAnswers(answers)).toEqual(expected);
    expect(kioskPriorAnswers([...answers].reverse())).toEqual(expected);
  });

  it('flags what the ingest service saw as a client burst with its own reason', () => {
    expect(misuseVerdict({ ...honest, clientBurst: true })).toEqual({ flagged: 1, reason: 'client-burst' });
  });

  it('calls an answer a client burst once the client sent the maximum for the touchpoint within the window', () => {
    expect(isClientBurst(CLIENT_BURST_MAX - 1)).toBe(false);
    expect(isClientBurst(CLIENT_BURST_MAX)).toBe(true);
  });
});

describe('client bursts', () => {
  const t0 = 1_000_000;

  it('flags answers beyond the maximum from one client for one touchpoint within the window', () => {
    const b = new ClientBursts();
    const verdicts = Array.from({ length: CLIENT_BURST_MAX + 2 }, (_, i) => b.note('c1', 'shop', 'checkout', t0 + i));
    expect(verdicts.filter(Boolean)).toHaveLength(2);
    expect(verdicts.slice(0, CLIENT_BURST_MAX).some(Boolean)).toBe(false);
  });

  it('counts each client and touchpoint apart', () => {
    const b = new ClientBursts();
    for (let i = 0; i < CLIENT_BURST_MAX; i++) b.note('c1', 'shop', 'checkout', t0 + i);
    expect(b.note('c2', 'shop', 'checkout', t0 + 100)).toBe(false);
    expect(b.note('c1', 'shop', 'store-12', t0 + 100)).toBe(false);
    expect(b.note('c1', 'shop', 'checkout', t0 + 100)).toBe(true);
  });

  it('forgets answers older than the window', () => {
    const b = new ClientBursts();
    for (let i = 0; i < CLIENT_BURST_MAX; i++) b.note('c1', 'shop', 'checkout', t0 + i);
    expect(b.note('c1', 'shop', 'checkout', t0 + CLIENT_BURST_WINDOW_MS + CLIENT_BURST_MAX)).toBe(false);
  });
});
