/**
 * The lazily loaded triggers as a classic-script chunk: like the UI chunk, it hands the loader its one
 * value (the trigger modules) by an event on its own `<script>` element.
 */
import { MORE } from './more';

document.currentScript!.dispatchEvent(new CustomEvent('tp:ui', { detail: MORE }));
