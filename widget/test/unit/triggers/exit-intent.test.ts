import { describe, expect, it } from 'vitest';
import { type ExitState, exitSignal } from '../../../src/triggers/exit-intent';

const desktop: ExitState = { elapsed: 10_000, armMs: 3000, minTimeOnPageMs: 5000, mobile: false };
const mobile: ExitState = { ...desktop, mobile: true };

describe('exit intent decision', () => {
  it('fires on desktop when the pointer leaves the window through the top', () => {
    expect(exitSignal({ kind: 'leave', y: -5, toElement: false }, desktop)).toBe('desktop');
    expect(exitSignal({ kind: 'leave', y: 0, toElement: false }, desktop)).toBe('desktop');
  });

  it('ignores the pointer leaving through the sides or bottom, or onto another element', () => {
    expect(exitSignal({ kind: 'leave', y: 300, toElement: false }, desktop)).toBe('');
    expect(exitSignal({ kind: 'leave', y: -5, toElement: true }, desktop)).toBe('');
  });

  it('does not fire before the arming delay', () => {
    expect(
      exitSignal({ kind: 'leave', y: -5, toElement: false }, { ...desktop, elapsed: 2999, minTimeOnPageMs: 0 }),
    ).toBe('');
  });

  it('does not fire before the minimum time on page', () => {
    expect(exitSignal({ kind: 'leave', y: -5, toElement: false }, { ...desktop, elapsed: 4000 })).toBe('');
    expect(exitSignal({ kind: 'leave', y: -5, toElement: false }, { ...desktop, elapsed: 5000 })).toBe('desktop');
  });

  it('fires on mobile for a fast upward scroll', () => {
    expect(exitSignal({ kind: 'scroll', up: 400, ms: 200 }, mobile)).toBe('scroll-up');
    // a jump between two scroll events counts as one frame, not as infinitely fast or slow
    expect(exitSignal({ kind: 'scroll', up: 500, ms: 0 }, mobile)).toBe('scroll-up');
  });

  it('ignores slow or short upward scrolls and any downward scroll', () => {
    expect(exitSignal({ kind: 'scroll', up: 400, ms: 2000 }, mobile)).toBe('');
    expect(exitSignal({ kind: 'scroll', up: 60, ms: 20 }, mobile)).toBe('');
    expect(exitSignal({ kind: 'scroll', up: -800, ms: 100 }, mobile)).toBe('');
  });

  it('fires on mobile when the page is hidden or the visitor navigates back', () => {
    expect(exitSignal({ kind: 'hidden' }, mobile)).toBe('hidden');
    expect(exitSignal({ kind: 'back' }, mobile)).toBe('back');
  });

  it('ignores scroll, hidden and back signals on desktop', () => {
    expect(exitSignal({ kind: 'scroll', up: 400, ms: 100 }, desktop)).toBe('');
    expect(exitSignal({ kind: 'hidden' }, desktop)).toBe('');
    expect(exitSignal({ kind: 'back' }, desktop)).toBe('');
  });

  it('ignores mobile signals before the arming delay', () => {
    expect(exitSignal({ kind: 'hidden' }, { ...mobile, elapsed: 100 })).toBe('');
  });
});
