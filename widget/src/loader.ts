/**
 * The script-tag loader (`<script async src=".../widget.js" data-site="…">`): plain DOM, no Preact.
 * Reads its settings from its own tag, replaces the `window.touchpoint` stub after draining its queue,
 * and injects the hashed UI chunk for the survey's locale only when a survey is due. With
 * `data-mode="kiosk"` or `"page"` it only injects that mode's chunk (modes/), which runs everything else.
 */
import { runtime } from './core/runtime';
import type { LoadUi, Options, Start } from './core/types';
import { scriptUrl } from './trusted-types';

/** Event a chunk dispatches on its own script element, carrying its one function (mount or start). */
const READY = 'tp:ui';

type Stub = ((name: string, a?: unknown) => void) & { q?: ArrayLike<unknown>[]; loaded?: boolean };

/**
 * Whether `window.touchpoint` is ours to take: absent, or the snippet's stub, a function with a `q`
 * array (or, before its first command, none yet, its source pushing onto `.q`).
 */
const stub = (t: unknown): boolean =>
  t == null ||
  // an element with id="touchpoint", which the window names: no script's global
  t instanceof Element ||
  (typeof t == 'function' &&
    (Array.isArray((t as Stub).q) || ((t as Stub).q == null && !(t as Stub).loaded && /\.q\b/.test(t + ''))));

try {
  const me = document.currentScript as HTMLScriptElement;
  const d = me.dataset;
  const w = window as unknown as { touchpoint?: Stub };
  const chunks: Record<string, Promise<never>> = {};
  const files = __TP_LOCALES__.split(' ');
  // A chunk is a classic script: unlike import(), it needs no CORS headers and works under
  // `script-src COLLECTOR` and 'strict-dynamic' alike. It hands over its one function by an event.
  const chunk = (name: string) =>
    (chunks[name] ||= new Promise((resolve, reject) => {
      const s = document.createElement('script');
      // (a script element made by createElement is async already: HTML's "force async")
      s.src = scriptUrl(new URL(`widget/${name}-${__TP_HASH__}.js`, me.src) + '');
      if (me.nonce) s.nonce = me.nonce;
      s.addEventListener(READY, (e) => resolve((e as CustomEvent<never>).detail));
      s.onerror = () => {
        delete chunks[name];
        s.remove();
        reject(name);
      };
      document.head.appendChild(s);
    }));
  // the UI chunk with the parts named appended (ui/parts.ts), or with every part (`undefined`), which then
  // serves every survey of the page
  const loadUi: LoadUi = (l, parts = __TP_PARTS__) => {
    const ui = 'ui-' + (files.includes((l = l.slice(0, 2))) ? l : 'en');
    return chunks[ui + '-' + __TP_PARTS__] || chunk(parts ? ui + '-' + parts : ui);
  };
  const mode = d.mode;
  // the kiosk and the link/QR page are apps of their own, handed this tag to read their settings from
  if (mode == 'kiosk' || mode == 'page')
    chunk(mode).then(
      (start: Start) => start(me),
      () => {},
    );
  // Only the documented stub is taken over (or no `touchpoint` at all): another library's global of that
  // name, or a first copy of this script on the same page, is left alone, and this copy does nothing.
  else if (d.site && stub(w.touchpoint)) {
    const { touchpoint, _boot: boot } = runtime(
      // site, touchpoint, locale (and mode) as the tag gives them
      {
        ...(d as unknown as Options),
        collector: me.src,
        debug: d.debug != null,
        nonce: me.nonce,
        rules: __TP_RULES__ || undefined,
      },
      loadUi,
      () => chunk('triggers'),
    );
    const queued = w.touchpoint?.q || [];
    w.touchpoint = Object.assign(touchpoint, { loaded: true });
    Array.from(queued, (args) => touchpoint(...(Array.from(args) as [string, unknown])));
    boot();
  }
} catch {
  /* never throw into the host page */
}
