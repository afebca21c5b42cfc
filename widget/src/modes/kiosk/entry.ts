/**
 * The kiosk chunk (`data-mode="kiosk"`): hands the loader its start function, as the UI chunks hand their
 * mount, or, when the collector's kiosk page runs it directly (the `data-*` on its own tag), starts itself.
 */
import type { Start } from '../../core/types';
import { startKiosk } from './kiosk';

const start: Start = (tag) => void startKiosk(tag).catch(() => {});
const me = document.currentScript as HTMLScriptElement;
if (me.dataset.mode) start(me);
else me.dispatchEvent(new CustomEvent('tp:ui', { detail: start }));
