/**
 * One UI chunk per locale, built as a classic script: it hands the loader what it needs once a survey
 * is due (the survey card, the transport, ids) by an event on its own `<script>` element, so it needs no global and no CORS.
 */
import t from 'virtual:tp-locale';
import { uuid } from '../core/dom';
import { transport } from '../core/transport';
import type { Ui } from '../core/types';
import { mount } from './mount';

const ui: Ui = { mount: (p) => mount(p, t), transport, uuid };
document.currentScript!.dispatchEvent(new CustomEvent('tp:ui', { detail: ui }));
