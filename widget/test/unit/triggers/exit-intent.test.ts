import { describe, expect, it } from 'vitest';
import { type ExitState, exitSignal } from '../../../src/triggers/exit-intent';

const desktop: ExitState = { _elapsed: 10_000, armMs: 3000, minTimeOnPageMs: 5000, _mobile: false };
const mobile: ExitState = { ...desktop, _mobile: true };

describe('exit intent decision', () => {
  it('fires on desktop when the pointer leaves the window through the top', () => {
    expect(exitSignal({ _kind: 'leave', _y: -5, _toElement: false }, desktop)).toBe('desktop');
    expect(exitSignal({ _kind: 'leave', _y: 0, _toElement: false }, desktop)).toBe('desktop');
  });

  it('ignores the pointer leaving through the sides or bottom, or onto another element', () => {
    expect(exitSignal({ _kind: 'leave', _y: 300, _toElement: false }, desktop)).toBe('');
    expect(exitSignal({ _kind: 'leave', _y: -5, _toElement: true }, desktop)).toBe('');
  });

  it('does not fire before the arming delay', () => {
    expect(
      exitSignal({ _kind: 'leave', _y: -5, _toElement: false }, { ...desktop, _elapsed: 2999, minTimeOnPageMs: 0 }),
    ).toBe('');
  });

  it('does not fire before the minimum time on page', () => {
    expect(exitSignal({ _kind: 'leave', _y: -5, _toElement: false }, { ...desktop, _elapsed: 4000 })).toBe('');
    expect(exitSignal({ _kind: 'leave', _y: -5, _toElement: false }, { ...desktop, _elapsed: 5000 })).toBe('desktop');
  });

  it('fires on mobile for a fast upward scroll', () => {
    expect(exitSignal({ _kind: 'scroll', _up: 400, _ms: 200 }, mobile)).toBe('scroll-up');
    // a jump between two scroll events counts as one frame, not as infinitely fast or slow
    expect(exitSignal({ _kind: 'scroll', _up: 500, _ms: 0 }, mobile)).toBe('scroll-up');
  });

  it('ignores slow or short upward scrolls and any downward scroll', () => {
    expect(exitSignal({ _kind: 'scroll', _up: 400, _ms: 2000 }, mobile)).toBe('');
    expect(exitSignal({ _kind: 'scroll', _up: 60, _ms: 20 }, mobile)).toBe('');
    expect(exitSignal({ _kind: 'scroll', _up: -800, _ms: 100 }, mobile)).toBe('');
  });

  it('fires on mobile when the page is hidden or the visitor navigates back', () => {
    expect(exitSignal({ _kind: 'hidden' }, mobile)).toBe('hidden');
    expect(exitSignal({ _kind: 'back' }, mobile)).toBe('back');
  });

  it('ignores scroll, hidden and back signals on desktop', () => {
    expect(exitSignal({ _kind: 'scroll', _up: 400, _ms: 100 }, desktop)).toBe('');
    expect(exitSignal({ _kind: 'hidden' }, desktop)).toBe('');
    expect(exitSignal({ _kind: 'back' }, desktop)).toBe('');
  });

  it('ignores mobile signals before the arming delay', () => {
    expect(exitSignal({ _kind: 'hidden' }, { ...mobile, _elapsed: 100 })).toBe('');
  });
});
