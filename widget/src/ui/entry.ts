/**
 * One UI chunk per locale, built as a classic script: it hands its mount function to the loader by an
 * event on its own `<script>` element, so it needs no global and no CORS.
 */
import t from 'virtual:tp-locale';
import type { MountProps } from '../core/types';
import { mount } from './mount';

document.currentScript!.dispatchEvent(new CustomEvent('tp:ui', { detail: (p: MountProps) => mount(p, t) }));
