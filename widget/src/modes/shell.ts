import { dirOf } from '../locales/dir';
import type { Theme } from '@touchpoint/shared';
import { SYSTEM_FONT, themeVars } from '../ui/theme';
import { CSS } from './styles';

/** The host element, as in the popup: an unregistered custom element name no site stylesheet targets. */
const HOST = 'touchpoint-survey-root';

/** Resolves once `document.body` exists (the loader may run from `<head>`). */
const bodyReady = (): Promise<HTMLElement> =>
  document.body
    ? Promise.resolve(document.body)
    : new Promise((resolve) => addEventListener('DOMContentLoaded', () => resolve(document.body), { once: true }));

/**
 * Opens the full-width surface of a kiosk or link page: one shadow root holding the styles (a
 * constructable stylesheet, else a `<style>` with the page's nonce) and the element to render into,
 * carrying the theme's custom properties.
 */
export async function shell(mode: 'kiosk' | 'page', lang: string, nonce?: string, theme?: Theme): Promise<HTMLElement> {
  const host = document.createElement(HOST);
  host.dataset.mode = mode;
  host.lang = lang;
  host.dir = dirOf(lang);
  const root = host.attachShadow({ mode: 'open' });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    if (nonce) style.nonce = nonce;
    style.textContent = CSS;
    root.appendChild(style);
  }
  const box = root.appendChild(document.createElement('div'));
  box.className = 'k';
  for (const [k, v] of Object.entries(themeVars(theme, SYSTEM_FONT))) box.style.setProperty(k, v);
  // the link page's <main>, under its <h1> (collector/src/routes/pages/html.ts), else the body
  const body = await bodyReady();
  (document.querySelector('main') || body).appendChild(host);
  return box;
}
