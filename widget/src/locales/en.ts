import type { Strings } from './strings';

export default {
  next: 'Next',
  send: 'Send',
  close: 'Close',
  thanks: 'Thank you for your feedback!',
  faces: ['Very unhappy', 'Unhappy', 'Happy', 'Very happy'],
  up: 'Thumbs up',
  down: 'Thumbs down',
  email: 'Email address',
  npsLow: 'Not at all likely',
  npsHigh: 'Extremely likely',
  of: 'of',
  changes: 'See what we changed',
  need: 'Answer this question to continue',
} satisfies Strings as Strings;
