import { describe, expect, it } from 'vitest';
import { kioskWindow, misuseOf, type KioskWindow, type NearKioskAnswer } from '../../../src/store/plan/misuse.js';

const subject = {
  id: 'r1',
  site: 's',
  kiosk: 'k1',
  partial: false,
  createdAt: '2026-11-01T10:00:20.000Z',
  durationMs: 10_000,
  clientBurst: false,
  answers: { nps: 3 },
};

/** A port answering `n` clean answers given 1 s apart before the subject (after it: `after`), remembering what it was asked. */
function recent(n: number, after = 0) {
  const asked: KioskWindow[] = [];
  const at = Date.parse(subject.createdAt);
  const rows: NearKioskAnswer[] = [
    ...Array.from({ length: n }, (_, i) => ({ id: `b${i}`, createdAt: new Date(at - 1000 * (i + 1)).toISOString() })),
    ...Array.from({ length: after }, (_, i) => ({
      id: `a${i}`,
      createdAt: new Date(at + 1000 * (i + 1)).toISOString(),
    })),
  ].map((r) => ({ ...r, flagged: false }));
  return { asked, near: (w: KioskWindow) => (asked.push(w), rows) };
}

describe('misuse verdict of a write plan', () => {
  it("asks the port for the kiosk's complete answers 20 s either side, leaving the response itself out", () => {
    const port = recent(0);
    expect(misuseOf(subject, port)).toEqual({ flagged: 0, reason: null, burstsAfter: [] });
    expect(port.asked).toEqual([
      { site: 's', kiosk: 'k1', since: '2026-11-01T10:00:00.000Z', until: '2026-11-01T10:00:40.000Z', except: 'r1' },
    ]);
  });

  it('flags a kiosk answer that follows two others within the window as a burst', () => {
    expect(misuseOf(subject, recent(2))).toMatchObject({ flagged: 1, reason: 'burst' });
  });

  it('names the stored answers given after a late arrival that it makes part of a burst, not those already flagged', () => {
    expect(misuseOf(subject, recent(1, 2))).toEqual({ flagged: 0, reason: null, burstsAfter: ['a0', 'a1'] });
    const port = recent(0, 3);
    const flagged = { near: (w: KioskWindow) => port.near(w).map((r) => ({ ...r, flagged: r.id === 'a2' })) };
    expect(misuseOf(subject, flagged).burstsAfter).toEqual(['a1']);
  });

  it('does not ask about a partial response or one sent by no kiosk', () => {
    const port = recent(5);
    expect(misuseOf({ ...subject, partial: true }, port).flagged).toBe(0);
    expect(misuseOf({ ...subject, kiosk: null }, port).flagged).toBe(0);
    expect(port.asked).toEqual([]);
    expect(kioskWindow({ ...subject, kiosk: null })).toBeNull();
  });

  it('flags an answer given faster than a person reads, and a client burst, without a kiosk', () => {
    expect(misuseOf({ ...subject, kiosk: null, durationMs: 100 }, recent(0))).toMatchObject({
      flagged: 1,
      reason: 'too-fast',
    });
    expect(misuseOf({ ...subject, kiosk: null, clientBurst: true }, recent(0)).reason).toBe('client-burst');
  });
});
