import { describe, expect, it } from 'vitest';
import { kioskWindow, misuseOf, type KioskWindow } from '../../../src/store/plan/misuse.js';

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

/** A port answering `n` and remembering what it was asked. */
function recent(n: number) {
  const asked: KioskWindow[] = [];
  return { asked, count: (w: KioskWindow) => (asked.push(w), n) };
}

describe('misuse verdict of a write plan', () => {
  it("asks the port for the kiosk's complete answers in the 20 s before, leaving the response itself out", () => {
    const port = recent(0);
    expect(misuseOf(subject, port)).toEqual({ flagged: 0, reason: null });
    expect(port.asked).toEqual([
      { site: 's', kiosk: 'k1', since: '2026-11-01T10:00:00.000Z', until: '2026-11-01T10:00:20.000Z', except: 'r1' },
    ]);
  });

  it('flags a kiosk answer that follows two others within the window as a burst', () => {
    expect(misuseOf(subject, recent(2))).toEqual({ flagged: 1, reason: 'burst' });
  });

  it('does not ask about a partial response or one sent by no kiosk', () => {
    const port = recent(5);
    expect(misuseOf({ ...subject, partial: true }, port).flagged).toBe(0);
    expect(misuseOf({ ...subject, kiosk: null }, port).flagged).toBe(0);
    expect(port.asked).toEqual([]);
    expect(kioskWindow({ ...subject, kiosk: null })).toBeNull();
  });

  it('flags an answer given faster than a person reads, and a client burst, without a kiosk', () => {
    expect(misuseOf({ ...subject, kiosk: null, durationMs: 100 }, recent(0))).toEqual({
      flagged: 1,
      reason: 'too-fast',
    });
    expect(misuseOf({ ...subject, kiosk: null, clientBurst: true }, recent(0)).reason).toBe('client-burst');
  });
});
