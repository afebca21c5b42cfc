/**
 * The script-tag loader (`<script async src=".../widget.js" data-site="…">`): plain DOM, no Preact.
 * Reads its settings from its own tag, replaces the `window.touchpoint` stub after draining its queue,
 * and injects the hashed UI chunk for the survey's locale only when a survey is due.
 */
import { runtime } from './core/runtime';
import type { LoadUi, Mount } from './core/types';

/** Event the UI chunk dispatches on its own script element, carrying its mount function. */
const READY = 'tp:ui';

type Stub = ((name: string, a?: unknown) => void) & { q?: ArrayLike<unknown>[]; loaded?: boolean };

try {
  const me = document.currentScript as HTMLScriptElement;
  const d = me.dataset;
  const w = window as unknown as { touchpoint?: Stub };
  const ui: Record<string, Promise<Mount>> = {};
  const files = __TP_LOCALES__;
  // The chunk is a classic script: unlike import(), it needs no CORS headers and works under
  // `script-src COLLECTOR` and 'strict-dynamic' alike.
  const loadUi: LoadUi = (locale) =>
    (ui[locale] ||= new Promise<Mount>((resolve, reject) => {
      const s = document.createElement('script');
      const l = locale.slice(0, 2);
      s.src = new URL(`widget/ui-${files.includes(l) ? l : 'en'}-${__TP_HASH__}.js`, me.src) + '';
      s.async = true;
      if (me.nonce) s.nonce = me.nonce;
      s.addEventListener(READY, (e) => resolve((e as CustomEvent<Mount>).detail));
      s.onerror = () => {
        delete ui[locale];
        s.remove();
        reject(new Error('ui'));
      };
      document.head.appendChild(s);
    }));
  // a second copy of the script on the same page leaves the first one in charge
  if (d.site && !(w.touchpoint && w.touchpoint.loaded)) {
    const { touchpoint, _boot: boot } = runtime(
      {
        site: d.site,
        collector: me.src,
        mode: d.mode,
        touchpoint: d.touchpoint,
        locale: d.locale,
        debug: d.debug != null,
        nonce: me.nonce,
      },
      loadUi,
    );
    const queued = (w.touchpoint && w.touchpoint.q) || [];
    w.touchpoint = Object.assign(touchpoint, { loaded: true });
    for (const args of Array.from(queued)) touchpoint(...(Array.from(args) as [string, unknown]));
    boot();
  }
} catch {
  /* never throw into the host page */
}
