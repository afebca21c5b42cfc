/**
 * What a part chunk has for `preact` (scripts/build.mjs aliases it here): the UI chunk's own `h` and
 * `Fragment`, handed over when the part is added, so a part carries no second Preact.
 */
import type { Kit } from '../parts';

export let h: unknown;
export let Fragment: unknown;

/** Takes the UI chunk's vnode factory. */
export const bind = (k: Kit): void => void ({ h, Fragment } = k);
