import type { Trigger } from '@touchpoint/shared';

/** Opens the survey; the argument names the signal that fired (recorded as `context.trigger`). */
export type Fire = (signal: string) => void;

/**
 * What a trigger may read from the page and the runtime. It crosses a bundle boundary (the loader hands
 * it to the lazily loaded triggers, more.ts), so no name starts with `_`.
 */
export interface TriggerCtx<T extends Trigger = Trigger> {
  /** this survey's trigger settings */
  t: T;
  /** `now()` when this page view began (navigation start, or the last SPA route change) */
  page: number;
  /** items in the cart as the page reported them with `touchpoint('cart', …)` */
  cart: () => number;
  /** subscribes to `touchpoint('track', name)`; returns the unsubscribe function */
  onTrack: (fn: (name: string) => void) => () => void;
  /** loads the trigger modules the loader leaves out (once) and adds them to the loader's */
  more: () => Promise<void>;
}

/** A trigger module: starts watching the page and returns the function that stops it. */
export type Start<T extends Trigger = Trigger> = (ctx: TriggerCtx<T>, fire: Fire) => () => void;

/** The settings of one trigger type. */
export type TriggerOf<K extends Trigger['type']> = Extract<Trigger, { type: K }>;

/** Trigger modules by type. */
export type Triggers = Record<string, Start<never>>;
