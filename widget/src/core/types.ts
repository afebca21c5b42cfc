import type { AnswerValue, ConfigSurvey, LoaderRules, ResponseInput } from '@touchpoint/shared';
import type { Triggers } from '../triggers/types';
import type { Present } from '../ui/present';
import type { transport } from './transport';

/** Answers so far: question id → value. */
export type Answers = Record<string, AnswerValue>;

/** How the widget was set up: the script tag's `data-*` attributes, or `init()` options. */
export interface Options {
  /** the site key (`data-site`) */
  site: string;
  /** the collector's base URL: the loader's own script URL, or `init({ collector })` */
  collector: string;
  /**
   * `popup` (default); `kiosk` and `page` (the link/QR page) are apps of their own that the script tag
   * loads as separate chunks (modes/), so the popup engine never sees them
   */
  mode?: string;
  /** the touchpoint answers count towards, overriding the survey's */
  touchpoint?: string;
  /** locale of the survey copy and the widget's own strings; default: the browser's language */
  locale?: string;
  /** log decisions to the console (`data-debug`) */
  debug?: boolean;
  /** CSP nonce for the widget's `<style>` where constructable stylesheets are unavailable */
  nonce?: string;
  /** the site's rules as the collector inlined them in the loader (`/widget.js?site=…`); else fetched */
  rules?: LoaderRules;
}

/**
 * Everything a response needs besides its answers, as the page supplied it. The UI chunk cleans it to
 * the wire contract's limits (ui/response.ts), which keeps that code out of the loader every page loads.
 */
export interface ResponseMeta {
  id: string;
  site: string;
  survey: string;
  touchpoint?: string;
  locale: string;
  createdAt: string;
  channel: 'web' | 'kiosk' | 'qr';
  url: string;
  referrer: string;
  /** the signal that opened the survey */
  trigger: string;
  /** `touchpoint('identify', …)` as given */
  profile?: unknown;
  /** `touchpoint('context', …)` merged, as given */
  vars: Record<string, unknown>;
  /** `touchpoint('cart', …)` as given */
  cart?: { items?: unknown; value?: unknown };
}

/** What the loader hands the lazily loaded UI. Names cross a bundle boundary, so none starts with `_`. */
export interface MountProps {
  survey: ConfigSurvey;
  nonce?: string;
  meta: ResponseMeta;
  /** queues a response for delivery (partial ones as the visitor goes, same id throughout) */
  send: (body: ResponseInput) => void;
  /** called once the card is rendered on the page (only then does it count as shown) */
  onShow?: () => void;
  /** called when the UI is gone; `answered` when the visitor completed it */
  onClose: (answered: boolean) => void;
}

/** Opens a survey card. */
export type Mount = (props: MountProps) => void;

/**
 * What a UI chunk hands the loader: its mount function, carrying the rest of the code needed only once a
 * survey is due (or a send from an earlier page view waits in the queue), so the loader every page gets
 * carries none of it. A function first, because the dashboard's live preview loads the same chunk and
 * just calls it (collector/dashboard/src/preview/main.ts).
 */
export type Ui = Mount & {
  /** makes the page's one transport, which starts by delivering what is queued */
  transport: typeof transport;
  /** a new client id */
  uuid: () => string;
  /** opens a due survey's card, with its metadata, events and display memory (ui/present.ts) */
  present: (p: Present) => void;
  /** whether it renders this survey (it has the parts its questions and extras need) */
  renders: (s: ConfigSurvey) => boolean;
};

/**
 * Loads the UI for a locale with the parts named (ui/parts.ts: letters, as the rules give them; `undefined`:
 * every part): a hashed chunk for the script tag, a dynamic import (with every part) for the ESM entry.
 */
export type LoadUi = (locale: string, parts?: string) => Promise<Ui>;

/** Loads the trigger modules the loader leaves out (triggers/more.ts). */
export type LoadTriggers = () => Promise<Triggers>;

/** A kiosk or page chunk's single export: starts the app from the loader's own script tag (its `data-*`, `src`, nonce). */
export type Start = (tag: HTMLScriptElement) => void;
