import type { Start } from './types';

/** Page view: fires as soon as the page (or SPA route) is shown. */
export const pageView: Start = (_ctx, fire) => {
  const id = setTimeout(() => fire('page-view'));
  return () => clearTimeout(id);
};
