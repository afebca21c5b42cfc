import { listen } from './dom';

/** Whether the page is being left (`_on`), and the guard that also watches `beforeunload` for a while. */
export interface Leaving {
  /** a same-window link was followed, a form submitted, or the page is unloading */
  _on: boolean;
  /** listens to `beforeunload` too, until the returned function is called */
  _guard: () => () => void;
}

/**
 * Watches whether this page is being left: a same-window link was followed, a form submitted, or the
 * page is unloading. A phone fires `visibilitychange` (our `hidden` exit signal) while it unloads the
 * page for a tapped link; a card shown then never renders for the visitor, yet would count as shown. A
 * page restored from the back/forward cache (`pageshow`, persisted) is no longer leaving; the runtime
 * clears `_on` too when the page moves to a new SPA route or to a place on itself (a `#fragment` link,
 * `popstate`). `beforeunload` (which also sees navigations a script starts) is listened to only while a
 * card is on its way (`_guard`): an unconditional listener keeps Firefox from putting the page in its
 * back/forward cache (https://web.dev/articles/bfcache#only-add-beforeunload-listeners-conditionally).
 */
/** Whether a link or form target is this window's (none, or `_self`). */
const here = (target: string) => !target || target == '_self';

export function watchLeaving(): Leaving {
  const l: Leaving = { _on: false, _guard: () => listen(window, 'beforeunload', go) };
  const go = () => void (l._on = true);
  // bubbling on window, after the page's own handlers: an SPA router that prevents the default stays
  listen<MouseEvent>(window, 'click', (e) => {
    const a = (e.target as Element).closest?.('a[href]') as HTMLAnchorElement | null;
    if (
      a &&
      !e.defaultPrevented &&
      // (`click` is the primary button only; the others fire `auxclick`)
      !(e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) &&
      here(a.target) &&
      !a.download &&
      // http(s): mailto:, tel: and javascript: links have no origin and leave nothing
      a.origin != 'null'
    )
      go();
  });
  listen<SubmitEvent>(window, 'submit', (e) => {
    const f = e.target as HTMLFormElement;
    if (!e.defaultPrevented && here(f.target) && f.method != 'dialog') go();
  });
  listen(window, 'pagehide', go);
  listen<PageTransitionEvent>(window, 'pageshow', (e) => e.persisted && (l._on = false));
  return l;
}
