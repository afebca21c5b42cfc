/**
 * ESM entry for single-page apps: `import { init, track } from '@touchpoint/widget'`.
 * Same engine as the script tag; the UI and one locale are loaded by dynamic import when a survey is due.
 */
import { uuid } from './core/dom';
import { runtime } from './core/runtime';
import { transport } from './core/transport';
import type { LoadUi, MountProps, Options } from './core/types';
import type { CoreStrings, PartStrings } from './locales/strings';
import type { Present } from './ui/present';

export type { Options } from './core/types';

/** Settings for `init`: the script tag's `data-*` attributes, plus where the collector lives. */
export type InitOptions = Omit<Options, 'collector'> & {
  /** the collector's base URL, e.g. `https://feedback.example.com/` */
  collector: string;
};

const LOCALES: Record<string, () => Promise<{ default: CoreStrings; more: PartStrings }>> = {
  en: () => import('./locales/en'),
  de: () => import('./locales/de'),
  fr: () => import('./locales/fr'),
  es: () => import('./locales/es'),
  it: () => import('./locales/it'),
  nl: () => import('./locales/nl'),
  pt: () => import('./locales/pt'),
  pl: () => import('./locales/pl'),
  ar: () => import('./locales/ar'),
};

/** The collector's base URL, once `init` named it (collector paths in a thank-you link resolve against it). */
let collector = '';

const loadUi: LoadUi = async (locale) => {
  const [{ mount }, { present }, , t, { renders }] = await Promise.all([
    import('./ui/mount'),
    import('./ui/present'),
    import('./ui/parts/all').then((m) => m.addAllParts()),
    (LOCALES[locale.slice(0, 2)] || LOCALES.en!)(),
    import('./ui/question'),
  ]);
  const ui = (p: MountProps) => mount(p, { ...t.default, ...t.more }, collector);
  return Object.assign(ui, { transport, uuid, renders, present: (p: Present) => present(ui, p) });
};

let api: ReturnType<typeof runtime>['touchpoint'] | undefined;
const queue: [string, unknown][] = [];
const cmd = (name: string, a?: unknown) => (api ? api(name, a) : void queue.push([name, a]));

/** Starts the widget once; commands issued before it are replayed. */
export function init(options: InitOptions): void {
  try {
    if (api || typeof window == 'undefined') return;
    collector = new URL(options.collector, location.href).href;
    const r = runtime({ ...options, collector }, loadUi, () => import('./triggers/more').then((m) => m.MORE));
    api = r.touchpoint;
    queue.splice(0).forEach((c) => api!(...c));
    r._boot();
  } catch {
    /* never throw into the host app */
  }
}

/** Records a custom event; surveys with an `event` trigger of that name open. */
export const track = (name: string): void => cmd('track', name);
/** Names the visitor (`id`, `email`); other fields become context variables. */
export const identify = (profile: Record<string, unknown>): void => cmd('identify', profile);
/** Adds transaction variables (bill value, product, segment…) to every response. */
export const context = (vars: Record<string, unknown>): void => cmd('context', vars);
/** Reports the cart for cart drop-off surveys. */
export const cart = (c: { items: unknown[] | number; value?: number }): void => cmd('cart', c);
/** Opens a survey now (still subject to its display rules). */
export const show = (surveyId: string): void => cmd('show', surveyId);
/** `consent(false)` stops everything and forgets queued sends; `consent(true)` resumes. */
export const consent = (granted: boolean): void => cmd('consent', granted);
