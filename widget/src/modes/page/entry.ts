/**
 * The link/QR page chunk (`data-mode="page"`): hands the loader its start function, or, when the
 * collector's page runs it directly (the `data-*` on its own tag), starts itself: no loader first.
 */
import type { Start } from '../../core/types';
import { startPage } from './page';

const start: Start = (tag) => void startPage(tag).catch(() => {});
const me = document.currentScript as HTMLScriptElement;
if (me.dataset.mode) start(me);
else me.dispatchEvent(new CustomEvent('tp:ui', { detail: start }));
