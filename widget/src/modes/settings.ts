/** How a kiosk or link page was set up: the loader's script tag (`data-*`, `src`, nonce) and, for the kiosk, its page URL. */
export interface ModeSettings {
  site: string;
  /** the collector's base URL (the loader's own URL) */
  collector: string;
  touchpoint?: string;
  /** kiosk: the place's name for its brand header (`data-place`, the touchpoint's name) */
  place?: string;
  /** the survey to show (`data-survey`); else the touchpoint's */
  survey?: string;
  locale?: string;
  nonce?: string;
  debug: boolean;
  /** kiosk: how long the thank-you screen stays before the next customer's survey (ms) */
  resetMs: number;
  /** kiosk: how long a half-answered survey waits untouched before it resets (ms) */
  idleMs: number;
  /** kiosk: how often it tells the collector it is alive (ms) */
  heartbeatMs: number;
}

/** Thank-you screen time before the kiosk resets, seconds. */
const RESET_SECONDS = 6;
/** Untouched time mid-survey before the kiosk resets, seconds. */
const IDLE_SECONDS = 45;
/** Heartbeat period, seconds. */
const HEARTBEAT_SECONDS = 60;

/**
 * A duration in ms from seconds given as an attribute, else a page URL parameter, else the default.
 * Only positive finite numbers count, so a typo falls back to the default instead of a zero timer.
 */
export function seconds(attr: string | undefined, param: string | null, fallback: number): number {
  for (const v of [attr, param]) {
    const n = v ? Number(v) : NaN;
    if (n > 0 && n < Infinity) return n * 1000;
  }
  return fallback * 1000;
}

/**
 * Reads the settings. The kiosk timings come from `data-reset-seconds`, `data-idle-seconds` and
 * `data-heartbeat-seconds`, or from the kiosk page's address (`/k/store-12?idle=30&reset=4&heartbeat=60`),
 * so a store manager can tune a kiosk without touching the server.
 */
export function settings(tag: HTMLScriptElement, search: string): ModeSettings {
  const d = tag.dataset;
  const q = new URLSearchParams(search);
  return {
    site: d.site || '',
    // the loader's URL, also when the tag is a mode's chunk run directly (`…/widget/page-<hash>.js`)
    collector: tag.src.replace(/widget\/[\w-]+\.js$/, 'widget.js'),
    touchpoint: d.touchpoint,
    place: d.place,
    survey: d.survey,
    locale: d.locale,
    nonce: tag.nonce || undefined,
    debug: d.debug != null,
    resetMs: seconds(d.resetSeconds, q.get('reset'), RESET_SECONDS),
    idleMs: seconds(d.idleSeconds, q.get('idle'), IDLE_SECONDS),
    heartbeatMs: seconds(d.heartbeatSeconds, q.get('heartbeat'), HEARTBEAT_SECONDS),
  };
}
