import type { LoaderRules } from '@touchpoint/shared';
import { TRIGGERS } from '../triggers/index';
import { type Memory, type SurveyMemory, blockedBy } from './display';
import { drop, listen, load, now, save } from './dom';
import { watchLeaving } from './leaving';
import { getJson, rulesUrl, withCopy } from './survey-copy';
import { type Transport, queueKey } from './transport';
import type { LoadTriggers, LoadUi, Options, ResponseMeta } from './types';
import { urlAllowed } from './url-rules';

/**
 * The widget's engine, shared by the script-tag loader and the ESM entry: takes commands, fetches the
 * config once, runs triggers and display rules, and hands a due survey to the UI. Sending comes with
 * the UI chunk too (transport): a page view where no survey is due and nothing waits in the queue
 * loads nothing more.
 */
/** One survey's rules, as the loader decides with them. */
type Rules = LoaderRules['surveys'][number];

export function runtime(o: Options, loadUi: LoadUi, loadMore: LoadTriggers) {
  const debug = (...a: unknown[]) => o.debug && console.log('[touchpoint]', ...a);
  const site = o.site;
  // an explicit data-locale as given; otherwise the browser's language, which the collector may fall back from
  const locale = o.locale || navigator.language.slice(0, 2);
  const memKey = 'tp_m_' + site;
  /** the page's one transport, made by the first UI chunk loaded */
  let net: Transport | undefined;
  const vars: Record<string, unknown> = {};
  const trackers = new Set<(name: string) => void>();
  /** Global Privacy Control: the visitor asked not to be tracked, and nothing overrides that */
  const gpc = !!(navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
  let off = gpc;
  let profile: unknown;
  let cart: ResponseMeta['cart'];
  let config: LoaderRules | undefined;
  let stops: (() => void)[] = [];
  /** the trigger modules the loader leaves out, added to TRIGGERS once asked for and loaded */
  let more: Promise<void> | undefined;
  /** when this page view began: navigation start (0), or the last SPA route change */
  let page = 0;
  let shown = false;
  let open = false;
  let started = false;
  let href = '';
  /** `show` and `track` commands given before the config (and the triggers it needs) arrived, replayed then */
  let waiting: [string, unknown][] | undefined = [];
  const leaving = watchLeaving();
  /** this tab's display memory while storage cannot be read or written (blocked, full) */
  let mine: Memory = { v: {} };
  let saved = true;

  /** The display memory as storage holds it (another tab may have shown a survey), else this tab's. */
  const memory = (): Memory => {
    const m = load<Memory>(memKey);
    return saved && m?.v instanceof Object ? m : mine;
  };
  const remember = (id: string, m: SurveyMemory, any?: number) => {
    if (off) return;
    const mem = memory();
    mem.v[id] = { ...mem.v[id], ...m };
    if (any) mem.l = any;
    saved = save(memKey, (mine = mem));
  };
  /**
   * The UI chunk for a locale with the parts named (every part: `undefined`), and with it the transport
   * (which first delivers whatever is queued).
   */
  const ui = (locale: string, parts?: string) =>
    loadUi(locale, parts).then((u) => ((net ||= u.transport(o.collector, site, debug)), u));
  const stopAll = () => {
    stops.forEach((stop) => stop());
    stops = [];
  };

  /**
   * Whether the display rules keep a survey from showing now. The visitor's sampling roll is drawn (and
   * stored) only once the survey is due (`due`), so a page view where nothing is due writes nothing.
   */
  const blocked = (s: Rules, due?: boolean) => {
    if (due && !((memory().v[s.id]?.r as number) >= 0)) remember(s.id, { r: Math.random() });
    const mem = memory();
    // before it is due, sampling is left to the roll drawn then
    const m = { ...mem.v[s.id], ...(!due && { r: 0 }) };
    return blockedBy(s.display, m, mem.l, config!.settings.cooldownHours, Date.now(), shown);
  };

  function show(s: Rules, trigger: string): void {
    // never on a page being left: a card shown now would count as shown but never be seen
    const why = off || open || leaving._on || blocked(s, true);
    debug(s.id, trigger, why ? 'blocked' : 'show');
    if (why) return;
    shown = open = true;
    const unguard = leaving._guard();
    // the UI chunk with the parts the rules name, and the copy, in parallel; should the copy ask for a part the
    // rules did not name (the survey changed since the loader was cached), the chunk with every part
    Promise.all([ui(locale, s.parts || ''), withCopy(o.collector, site, s, locale)])
      .then(([u, survey]) => Promise.all([u.renders(survey) ? u : ui(locale), survey]))
      .then(
        ([u, survey]) => {
          unguard();
          // the page began to unload while the chunk and copy loaded: nothing to show it on
          if (leaving._on) return void (open = false);
          u.present({
            survey,
            trigger,
            o,
            profile,
            vars,
            cart,
            net: net!,
            off: () => off,
            remember,
            closed: () => (open = false),
          });
        },
        (e) => {
          open = false;
          debug(e);
        },
      );
  }

  /** Loads the trigger modules the loader leaves out, once (again after a failure), into TRIGGERS. */
  const loadTriggers = () =>
    (more ||= loadMore().then(
      (m) => void Object.assign(TRIGGERS, m),
      (e) => void debug(e, (more = undefined)),
    ));

  /** (Re)starts the triggers of every survey whose URL rules match this page view. */
  function evaluate(): void {
    if (off || !config || href == location.href) return;
    href = location.href;
    stopAll();
    shown = false;
    for (const s of config.surveys) {
      const type = s.trigger.type;
      if (type != 'manual' && urlAllowed(href, s.urls) && !blocked(s)) {
        const ctx = {
          t: s.trigger as never,
          page,
          cart: () => (Array.isArray(cart?.items) ? cart.items.length : Number(cart?.items) || 0),
          onTrack: (fn: (n: string) => void) => (trackers.add(fn), () => void trackers.delete(fn)),
          more: loadTriggers,
        };
        const fire = (signal: string) => show(s, signal);
        const start = () => TRIGGERS[type] && stops.push(TRIGGERS[type](ctx, fire));
        // started when its module arrives, unless this page view's triggers were stopped meanwhile
        const mine = stops;
        if (!start()) void loadTriggers().then(() => mine == stops && start());
      }
    }
  }

  function boot(): void {
    if (off || started) return;
    started = true;
    // sends an earlier page view left queued (a failed send): only then does a page load the UI chunk unasked
    const q = load<unknown[]>(queueKey(site));
    if (Array.isArray(q) && q.length) ui(locale).catch(debug);
    (o.rules ? Promise.resolve(o.rules) : getJson<LoaderRules>(rulesUrl(o.collector, site, locale)))
      .then((c) => {
        config = c;
        evaluate();
        // the trigger modules the loader leaves out, if this page needs any (a `track` waits for them)
        return more;
      })
      .then(() => {
        // what the snippet asked for before the config was in
        const w = waiting!;
        waiting = undefined;
        w.forEach((x) => touchpoint(...x));
      })
      .catch(debug);
    // SPA navigation: a new route is a new page view (after the app's own handlers ran)
    const route = () =>
      setTimeout(() => {
        leaving._on = false;
        page = now();
        evaluate();
      });
    for (const m of ['pushState', 'replaceState'] as const) {
      const orig = history[m];
      history[m] = function (this: History, ...a: Parameters<History['pushState']>) {
        orig.apply(this, a);
        route();
      };
    }
    listen(window, 'popstate', route);
  }

  const commands: Record<string, (a: unknown) => void> = {
    identify: (p) => (profile = p),
    context: (v) => Object.assign(vars, v),
    cart: (c) => (cart = c as ResponseMeta['cart']),
    track(name) {
      if (waiting) waiting.push(['track', name]);
      // after the trigger modules a route change asked for, so an event sent while they load is not lost
      else void Promise.resolve(more).then(() => trackers.forEach((fn) => fn(name as string)));
    },
    show(id) {
      if (waiting) return void waiting.push(['show', id]);
      const s = config?.surveys.find((x) => x.id == id);
      if (s) show(s, 'manual');
    },
    consent(yes) {
      off = gpc || !yes;
      if (off) {
        stopAll();
        // forgets what waits to be sent, and writes nothing (not even an empty queue)
        if (net) net.clear();
        else drop(queueKey(site));
      } else if (started) {
        href = '';
        evaluate();
      }
      boot();
    },
  };

  /** The public command function, `touchpoint('track', 'added_to_cart')`; never throws. */
  function touchpoint(name: string, a?: unknown): void {
    try {
      commands[name]?.(a);
    } catch (e) {
      debug(e);
    }
  }
  return { touchpoint, _boot: boot };
}
