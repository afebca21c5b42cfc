import { addPart } from '../parts';
import choice from './choice';
import contact from './contact';
import extras from './extras';
import faces from './faces';

let added = false;

/** Adds every part, once: the kiosk, the link page and the ESM entry render every question type. */
export function addAllParts(): void {
  if (!added) [choice, contact, faces, extras].forEach(addPart);
  added = true;
}
