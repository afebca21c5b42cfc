/**
 * One UI chunk per locale, built as a classic script: it hands the loader what it needs once a survey
 * is due (its mount function, carrying the transport and ids) by an event on its own `<script>`
 * element, so it needs no global and no CORS. The parts a survey needs (ui/parts.ts) are appended to it
 * in the same script, and hand over their renderers the same way.
 */
import { Fragment, h } from 'preact';
import core from 'virtual:tp-locale';
import { uuid } from '../core/dom';
import { transport } from '../core/transport';
import type { MountProps, Ui } from '../core/types';
import type { Strings } from '../locales/strings';
import { mount } from './mount';
import { type Kit, type Part, PART_EVENT, addPart } from './parts';
import { type Present, present } from './present';
import { renders } from './question';

const me = document.currentScript as HTMLScriptElement;
/** the locale's strings: the parts bring the words only they use (before anything renders) */
const t = core as Strings;
// the parts after this code run next, synchronously, on the same script element
me.addEventListener(PART_EVENT, (e) => {
  const part = (e as CustomEvent<(k: Kit) => Part>).detail({ h, Fragment });
  Object.assign(t, part.s);
  addPart(part);
});
const ui: Ui = Object.assign((p: MountProps) => mount(p, t, me.src), {
  transport,
  uuid,
  renders,
  present: (p: Present) => present(ui, p),
});
// handed over in a task of its own: evaluating the chunk and opening the card are two shorter tasks, not one long one
setTimeout(() => me.dispatchEvent(new CustomEvent('tp:ui', { detail: ui })));
