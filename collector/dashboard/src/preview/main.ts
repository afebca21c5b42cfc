/**
 * The survey editor's live preview, /dashboard/preview.html in a sandboxed frame (scripts only, an
 * opaque origin: no storage, no cookies, no credentials). It renders the draft with the real widget:
 * the same hashed UI chunk (`/widget/ui-<locale>-<hash>.js`) that widget.js injects on a customer's
 * page when a survey is due, handed its survey by `postMessage`. Nothing is sent: `send` does nothing.
 */
import type { ConfigSurvey } from '@touchpoint/shared';
import { PREVIEW_MESSAGE, type PreviewMessage } from './protocol';
import './preview.css';

/**
 * What the UI chunk's mount function takes: widget/src/core/types.ts `MountProps`, a contract across
 * bundles (its names are never mangled), restated here because the collector does not build the widget.
 */
interface MountProps {
  survey: ConfigSurvey;
  nonce?: string;
  meta: {
    id: string;
    site: string;
    survey: string;
    locale: string;
    createdAt: string;
    channel: 'web';
    url: string;
    referrer: string;
    trigger: string;
    vars: Record<string, unknown>;
  };
  send: (body: unknown) => void;
  onClose: (answered: boolean) => void;
}
type Mount = (p: MountProps) => void;

/** The event a UI chunk dispatches on its own script element, carrying its mount function (widget/src/ui/entry.ts). */
const READY = 'tp:ui';
/** The widget's host element (widget/src/ui/mount.tsx). */
const HOST = 'touchpoint-survey-root';

const note = document.getElementById('note')!;
/** The collector's origin: the sandbox makes this document's own origin opaque ("null"), its URL keeps it. */
const COLLECTOR = new URL(location.href).origin;
/** A fixed response id: the preview never sends, and randomUUID needs a secure context. */
const PREVIEW_ID = '00000000-0000-4000-8000-000000000000';
const mounts = new Map<string, Promise<Mount>>();
let generation = 0;
let last: PreviewMessage | undefined;
/** The draft the popup card shows (its message as JSON), from its mount until it closes. */
let showing: string | undefined;

/** The mount function of a UI chunk, which must be the collector's own widget. */
function loadMount(chunk: string): Promise<Mount> {
  const url = new URL(chunk, COLLECTOR);
  if (url.origin !== COLLECTOR || !url.pathname.startsWith('/widget/'))
    return Promise.reject(new Error('not a widget chunk'));
  let m = mounts.get(url.href);
  if (!m) {
    m = new Promise<Mount>((resolve, reject) => {
      const s = document.createElement('script');
      s.src = url.href;
      s.addEventListener(READY, (e) => resolve((e as CustomEvent<Mount>).detail));
      s.onerror = () => reject(new Error(`the widget chunk ${url.pathname} did not load`));
      document.head.appendChild(s);
    });
    mounts.set(url.href, m);
  }
  return m;
}

/** The message a kiosk or link page preview started from: its chunk runs once per document, so a new draft reloads the frame. */
let started: string | undefined;

/**
 * The kiosk or link page: its real chunk, run as the collector's page runs it (`data-*` on its own tag),
 * on the draft inlined as the page's config. The frame's CSP (`connect-src 'none'`,
 * collector/src/routes/dashboard.ts) stops every request the chunk would make: no config fetch, no
 * impression, no answer, no heartbeat. The brand header and `<h1>` stand for the collector's page markup.
 */
function startPage(msg: PreviewMessage, mode: 'kiosk' | 'page'): void {
  const url = new URL(msg.chunk, COLLECTOR);
  if (url.origin !== COLLECTOR || !new RegExp(`^/widget/${mode}-[\\w-]+\\.js$`).test(url.pathname)) {
    note.textContent = 'The preview failed: not a widget chunk';
    return;
  }
  started = JSON.stringify(msg);
  note.remove();
  document.documentElement.dataset.mode = mode;
  const theme = msg.survey.theme;
  const title = (msg.survey.title && Object.values(msg.survey.title)[0]) || msg.brand || '';
  if (mode === 'page') {
    const header = document.body.appendChild(document.createElement('header'));
    header.className = 'tp-h';
    if (theme?.brand) header.style.setProperty('--tp-b', theme.brand);
    if (theme?.buttonText) header.style.setProperty('--tp-bt', theme.buttonText);
    if (theme?.logo) {
      const logo = header.appendChild(document.createElement('img'));
      logo.src = new URL(theme.logo, COLLECTOR).href;
      logo.alt = '';
    }
    header.appendChild(document.createElement('span')).textContent = msg.brand ?? '';
    const main = document.body.appendChild(document.createElement('main'));
    const h1 = main.appendChild(document.createElement('h1'));
    h1.className = 'tp-t';
    h1.textContent = title;
  }
  if (theme && theme.text !== 'auto' && theme.background && theme.text) {
    document.body.style.setProperty('--tp-bg', theme.background);
    document.body.style.setProperty('--tp-fg', theme.text);
  }
  const config = document.createElement('script');
  config.type = 'application/json';
  config.id = 'touchpoint-config';
  config.textContent = JSON.stringify({ site: msg.site, settings: { cooldownHours: 0 }, surveys: [msg.survey] });
  document.head.appendChild(config);
  const tag = document.createElement('script');
  Object.assign(tag.dataset, {
    site: msg.site,
    mode,
    survey: msg.survey.id,
    locale: msg.survey.locale,
    ...(msg.survey.touchpoint ? { touchpoint: msg.survey.touchpoint } : {}),
    ...(mode === 'kiosk' ? { place: msg.place ?? msg.survey.touchpoint ?? 'Kiosk' } : {}),
  });
  tag.src = url.href;
  tag.onerror = () => (document.body.textContent = `The preview failed: the widget chunk ${url.pathname} did not load`);
  document.head.appendChild(tag);
}

/**
 * Shows `msg.survey` in place of whatever the preview showed before. The same draft again (the editor sends it
 * when the frame says it is ready and after its debounce) leaves an open popup card as it is, with what the
 * analyst picked in it; `again` (Replay) opens it afresh.
 */
async function show(msg: PreviewMessage, again = false): Promise<void> {
  const mode = msg.mode ?? 'popup';
  const draft = JSON.stringify(msg);
  if (!again && mode === 'popup' && showing === draft) return;
  // a kiosk or link page runs once per document, on a page of its own: after it, or to start one
  // where the popup showed, the frame starts afresh (it then asks for the draft again)
  if (started === draft) return; // the same draft again: the page keeps its place
  if (started || (mode !== 'popup' && generation > 0)) return location.reload();
  if (mode !== 'popup') return startPage(msg, mode);
  const mine = ++generation;
  last = msg;
  showing = undefined;
  // the sample page the card opens on; the widget reads its background to pick a light or dark card
  document.documentElement.dataset.page = msg.page === 'dark' ? 'dark' : 'light';
  try {
    const mount = await loadMount(msg.chunk);
    if (mine !== generation) return;
    document.querySelectorAll(HOST).forEach((el) => el.remove());
    note.textContent = '';
    // The widget focuses its first control when it opens. While the analyst types in the editor that
    // would pull focus into this frame at every keystroke, so focus moves only when the frame has it.
    const focus = HTMLElement.prototype.focus;
    if (!document.hasFocus()) HTMLElement.prototype.focus = () => {};
    try {
      mount({
        survey: msg.survey,
        meta: {
          id: PREVIEW_ID,
          site: msg.site,
          survey: msg.survey.id,
          locale: msg.survey.locale,
          createdAt: new Date().toISOString(),
          channel: 'web',
          url: location.href,
          referrer: '',
          trigger: 'preview',
          vars: {},
        },
        send: () => {},
        onClose: () => {
          if (mine !== generation) return;
          showing = undefined;
          note.textContent = 'The survey closed. Edit it, or use “Replay” to see it again.';
        },
      });
      showing = draft;
    } finally {
      HTMLElement.prototype.focus = focus;
    }
  } catch (e) {
    if (mine === generation) note.textContent = `The preview failed: ${(e as Error).message}`;
  }
}

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  if (e.origin !== COLLECTOR || e.source !== window.parent) return;
  const msg = e.data as { type?: string; survey?: ConfigSurvey; chunk?: string } | null;
  if (msg?.type === PREVIEW_MESSAGE && msg.survey && msg.chunk) void show(msg as PreviewMessage);
  else if (msg?.type === `${PREVIEW_MESSAGE}:replay` && last && !started) void show(last, true);
  else if (msg?.type === `${PREVIEW_MESSAGE}:replay` && started) location.reload();
});
// tell the editor the frame listens, so it sends the current draft
window.parent.postMessage({ type: `${PREVIEW_MESSAGE}:ready` }, COLLECTOR);
