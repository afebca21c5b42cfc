/** The link/QR page chunk (`data-mode="page"`): hands the loader its start function. */
import type { Start } from '../../core/types';
import { startPage } from './page';

const start: Start = (tag) => void startPage(tag).catch(() => {});
document.currentScript!.dispatchEvent(new CustomEvent('tp:ui', { detail: start }));
