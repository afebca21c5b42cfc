/**
 * One UI chunk per locale, built as a classic script: it hands the loader what it needs once a survey
 * is due (its mount function, carrying the transport and ids) by an event on its own `<script>`
 * element, so it needs no global and no CORS.
 */
import t from 'virtual:tp-locale';
import { uuid } from '../core/dom';
import { transport } from '../core/transport';
import type { MountProps, Ui } from '../core/types';
import { mount } from './mount';
import { type Present, present } from './present';

const me = document.currentScript as HTMLScriptElement;
const ui: Ui = Object.assign((p: MountProps) => mount(p, t, me.src), {
  transport,
  uuid,
  present: (p: Present) => present(ui, p),
});
// handed over in a task of its own: evaluating the chunk and opening the card are two shorter tasks, not one long one
setTimeout(() => me.dispatchEvent(new CustomEvent('tp:ui', { detail: ui })));
