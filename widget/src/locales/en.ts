import type { CoreStrings, PartStrings } from './strings';

export default {
  next: 'Next',
  send: 'Send',
  close: 'Close',
  thanks: 'Thank you for your feedback!',
  npsLow: 'Not at all likely',
  npsHigh: 'Extremely likely',
  of: 'of',
  need: 'Answer this question to continue',
} satisfies CoreStrings as CoreStrings;

/** The words only the popup's parts use (ui/parts.ts), added to its chunk with them. */
export const more: PartStrings = {
  faces: ['Very unhappy', 'Unhappy', 'Happy', 'Very happy'],
  up: 'Thumbs up',
  down: 'Thumbs down',
  email: 'Email address',
  changes: 'See what we changed',
};
