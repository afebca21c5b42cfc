import { render } from 'preact';
import type { MountProps } from '../core/types';
import type { Strings } from '../locales/strings';
import { PARTS } from './parts';
import { CSS } from './styles';
import { Survey } from './survey';
import { themeVars } from './theme';

/** The host element: an unregistered custom element name that no site stylesheet is likely to target. */
const HOST = 'touchpoint-survey-root';

/**
 * Events that stop at the host: shadow DOM retargets their `target` to the host element, so a site's
 * "ignore typing in inputs" check fails and its shortcuts (or its search box) would take the keys.
 */
const CONTAINED = ['keydown', 'keypress', 'keyup', 'beforeinput', 'input'];

/** Triggers that answer the visitor's own action: the card they open takes focus. */
const ASKED = ['manual', 'click'];

/**
 * Whether the visitor opened the card (a click or `touchpoint('show')` from one, still within the click's
 * user activation), rather than a trigger: only then does it take focus away from what they were doing.
 */
const askedFor = (trigger: string): boolean =>
  ASKED.includes(trigger) &&
  (navigator as { userActivation?: { isActive: boolean } }).userActivation?.isActive !== false;

/**
 * Opens the survey card (`base`: the UI chunk's URL, against which collector paths resolve) in one shadow root at the end of the page, in the top layer where the browser
 * has it (`popover`), so no transform or stacking context on the host page can hide it; removes it on close.
 */
export function mount(p: MountProps, t: Strings, base: string): void {
  const theme = p.survey.theme;
  // the page's styles are read here, before the card changes them: reading them after the insertion (or in
  // the render) would force the browser to restyle the page synchronously, inside the render's task
  const vars = themeVars(theme, getComputedStyle(document.body).fontFamily);
  const host = document.createElement(HOST);
  // the site's theme may centre every popup: set on the host before it is inserted, not after the render
  host.dataset.pos = theme?.placement == 'centre' ? 'center' : p.survey.display.position;
  const root = host.attachShadow({ mode: 'open' });
  try {
    // constructable stylesheets need no nonce under a strict style-src
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS + PARTS.css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    if (p.nonce) style.nonce = p.nonce;
    style.textContent = CSS + PARTS.css;
    root.appendChild(style);
  }
  for (const type of CONTAINED) host.addEventListener(type, (e) => e.stopPropagation());
  const box = root.appendChild(document.createElement('div'));
  let back = document.activeElement as HTMLElement | null;
  // where the visitor came from when they tabbed or clicked in (retargeted to the host from inside)
  host.addEventListener('focusin', (e) => {
    const from = (e as FocusEvent).relatedTarget as HTMLElement | null;
    if (from && from != host) back = from;
  });
  // the host goes in in a task after the survey's set-up and the styles' parse (the UI chunk's first calls,
  // the page's style read), and the card renders in the task after that: three short tasks, not one long one
  setTimeout(() => {
    document.body.appendChild(host);
    try {
      host.popover = 'manual';
      host.showPopover();
    } catch {
      /* no popover support: the fixed position and top z-index of the styles remain */
    }
  });
  const close = (answered: boolean) => {
    // focus goes back only if it is in the card: an unfocused card closing must not move the visitor's caret
    const inside = document.activeElement == host;
    render(null, box);
    host.remove();
    if (inside) back?.focus?.({ preventScroll: true });
    p.onClose(answered);
  };
  const focus = askedFor(p.meta.trigger);
  // the first render in a task after the host's insertion, reading no layout or style (focus moves and the
  // card fades in after its first frame, see Survey);
  // "shown" (recontact wait, cooldown, impression) is recorded only once the card is on the page, in a task
  // of its own: its storage writes and the impression's fetch made the render's task the popup's longest
  setTimeout(() => render(<Survey p={p} t={t} close={close} focus={focus} base={base} vars={vars} />, box));
  setTimeout(() => p.onShow?.());
}
