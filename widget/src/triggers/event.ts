import type { Start, TriggerOf } from './types';

/** Whether a tracked event is the one the survey waits for. */
export const eventMatches = (expected: string, name: unknown): boolean => expected === name;

/** Custom event: fires on `touchpoint('track', name)`. */
export const customEvent: Start<TriggerOf<'event'>> = (ctx, fire) =>
  ctx.onTrack((name) => eventMatches(ctx.t.name, name) && fire('event:' + name));
