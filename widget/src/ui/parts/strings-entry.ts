/**
 * The words only the popup's parts use, in one locale (`virtual:tp-locale`, aliased per build by
 * scripts/build.mjs), appended to a UI chunk with its parts that need words, handed over like a part.
 */
import { more } from 'virtual:tp-locale';
import { PART_EVENT, type Part } from '../parts';

document.currentScript!.dispatchEvent(new CustomEvent(PART_EVENT, { detail: (): Part => ({ s: more }) }));
