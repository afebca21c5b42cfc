/** The kiosk chunk (`data-mode="kiosk"`): hands the loader its start function, as the UI chunks hand their mount. */
import type { Start } from '../../core/types';
import { startKiosk } from './kiosk';

const start: Start = (tag) => void startKiosk(tag).catch(() => {});
document.currentScript!.dispatchEvent(new CustomEvent('tp:ui', { detail: start }));
