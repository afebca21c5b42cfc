import { render } from 'preact';
import type { MountProps } from '../core/types';
import type { Strings } from '../locales/strings';
import { CSS } from './styles';
import { Survey } from './survey';

/** The host element: an unregistered custom element name that no site stylesheet is likely to target. */
const HOST = 'touchpoint-survey-root';

/** Opens the survey card in one shadow root at the end of the page; removes it again on close. */
export function mount(p: MountProps, t: Strings): void {
  const host = document.createElement(HOST);
  host.dataset.pos = p.survey.display.position;
  const root = host.attachShadow({ mode: 'open' });
  try {
    // constructable stylesheets need no nonce under a strict style-src
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    if (p.nonce) style.nonce = p.nonce;
    style.textContent = CSS;
    root.appendChild(style);
  }
  const box = root.appendChild(document.createElement('div'));
  const back = document.activeElement as HTMLElement | null;
  document.body.appendChild(host);
  const close = (answered: boolean) => {
    render(null, box);
    host.remove();
    back?.focus?.({ preventScroll: true });
    p.onClose(answered);
  };
  render(<Survey p={p} t={t} close={close} />, box);
  p.onShow?.();
}
