import { describe, expect, it } from 'vitest';
import { type Round, resetDue } from '../../../../src/modes/kiosk/timers';

const RESET = 6000;
const IDLE = 45_000;
const round = (r: Partial<Round>): Round => ({ thanked: false, thanksAt: 0, touched: false, last: 0, ...r });

describe('kiosk reset decision', () => {
  it('waits on the thank-you screen until the reset time has passed, then starts over', () => {
    const r = round({ thanked: true, thanksAt: 1000, touched: true, last: 1000 });
    expect(resetDue(r, 1000 + RESET - 1, RESET, IDLE)).toBe('');
    expect(resetDue(r, 1000 + RESET, RESET, IDLE)).toBe('thanks');
  });

  it('starts over mid-survey once nobody touched the kiosk for the idle time', () => {
    const r = round({ touched: true, last: 5000 });
    expect(resetDue(r, 5000 + IDLE - 1, RESET, IDLE)).toBe('');
    expect(resetDue(r, 5000 + IDLE, RESET, IDLE)).toBe('idle');
  });

  it('never resets an untouched first question (the kiosk at rest)', () => {
    expect(resetDue(round({ last: 0 }), 10 * IDLE, RESET, IDLE)).toBe('');
  });

  it('counts the idle time from the last touch, not from the start of the survey', () => {
    const r = round({ touched: true, last: 40_000 });
    expect(resetDue(r, 50_000, RESET, IDLE)).toBe('');
  });
});
