/**
 * One part's chunk (`virtual:tp-part`, aliased per build by scripts/build.mjs), appended to a UI chunk
 * in one classic script: it runs right after the UI chunk's code, on the same `<script>`, and hands the
 * UI chunk its renderers by an event there (no global), taking Preact's `h` in return.
 */
import part from 'virtual:tp-part';
import { type Kit, PART_EVENT } from '../parts';
import { bind } from './preact';

document.currentScript!.dispatchEvent(new CustomEvent(PART_EVENT, { detail: (k: Kit) => (bind(k), part) }));
