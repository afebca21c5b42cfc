import type { Channel } from '@touchpoint/shared';
import { demoSurveys, demoTouchpoints } from '../../collector/src/seed/demo-catalog.js';
import { Dice, rng } from '../../collector/src/seed/random.js';
import type { EventRecord, ResponseRecord } from '../../collector/src/store/store.js';

/** Milliseconds in a day. */
const DAY_MS = 86_400_000;
/** How far a response's createdAt may lag its place in the sequence (clients' clocks, queues). */
const JITTER_MS = 10 * 60_000;
const SEGMENTS = ['new', 'regular', 'loyalty-gold'] as const;
const CATEGORIES = ['running', 'outerwear', 'hiking', 'kids', 'accessories'] as const;
const REGIONS = ['North', 'South', 'East', 'West'] as const;
const DEVICES = ['mobile', 'desktop', 'tablet'] as const;
const WEB_TRIGGERS = ['exit-intent:desktop', 'exit-intent:scroll-up', 'cart-drop-off:idle', 'page-view'];

const channelOf = (kind: string, tags: readonly string[] = []): Channel =>
  tags.includes('phone') ? 'phone' : kind === 'kiosk' ? 'kiosk' : kind === 'web' ? 'web' : 'qr';
const clamp = (v: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(v)));
/** Share of cart values written as text no number reads from ("n/a"): counted as missing, and reported. */
const UNREADABLE_CART_VALUE = 0.005;

/** A UUIDv7-shaped id (48-bit time, then random), as the widget makes them: rows insert in id order. */
function timeOrderedId(ms: number, dice: Dice): string {
  const h = Math.floor(ms).toString(16).padStart(12, '0') + dice.uuid().replace(/-/g, '').slice(12);
  const v = `${h.slice(0, 12)}7${h.slice(13)}`;
  return `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20, 32)}`;
}

/**
 * Synthetic responses (and, for web touchpoints, one impression each) spread evenly over `days` days
 * ending at `end`, oldest first, in batches. Built for speed: the demo catalog's touchpoints and surveys, a few
 * variables that move the score, no verbatims.
 */
export function* syntheticBatches(
  count: number,
  opts: { seed: number; end: Date; days: number; batch: number },
): Generator<{ responses: ResponseRecord[]; events: EventRecord[] }> {
  const dice = new Dice(rng(opts.seed));
  const surveys = new Map(demoSurveys.map((s) => [s.id, s]));
  const end = opts.end.getTime();
  let responses: ResponseRecord[] = [];
  let events: EventRecord[] = [];
  for (let i = 0; i < count; i++) {
    const tp = dice.pick(demoTouchpoints);
    const survey = surveys.get(tp.survey);
    if (!survey) continue;
    // In time order, as live traffic arrives (a few minutes of jitter), so that a window's rows lie together.
    const at = end - (1 - i / count) * opts.days * DAY_MS - dice.next() * JITTER_MS;
    const createdAt = new Date(at).toISOString();
    const channel = channelOf(tp.kind, tp.tags);
    const segment = dice.pick(SEGMENTS);
    const cartValue = Math.round(Math.exp(3.8 + 0.7 * dice.normal()) * 100) / 100;
    const z = tp.quality + (segment === 'loyalty-gold' ? 0.5 : segment === 'new' ? -0.3 : 0) + 1.2 * dice.normal();
    const answers: ResponseRecord['answers'] = {};
    for (const q of survey.questions) {
      if (q.type === 'nps') answers[q.id] = clamp(7.8 + 1.7 * z, 0, 10);
      else if (q.type === 'csat') answers[q.id] = clamp(3.9 + 0.9 * z, 1, 5);
      else if (q.type === 'ces') answers[q.id] = clamp(5.2 + 1.1 * z, 1, 7);
      else if (q.type === 'smiley') answers[q.id] = clamp(2.9 + 0.8 * z, 1, 4);
    }
    const trigger = channel === 'web' ? dice.pick(WEB_TRIGGERS) : channel === 'kiosk' ? 'kiosk' : 'link';
    responses.push({
      id: timeOrderedId(at, dice),
      site: 'demo',
      survey: survey.id,
      touchpoint: tp.id,
      answers,
      partial: false,
      locale: 'en',
      createdAt,
      receivedAt: createdAt,
      channel,
      url: null,
      referrer: null,
      trigger,
      kiosk: null,
      vars: {
        segment,
        category: dice.pick(CATEGORIES),
        cartValue: dice.chance(UNREADABLE_CART_VALUE) ? 'n/a' : cartValue,
        buyer: dice.chance(0.5),
        region: dice.pick(REGIONS),
      },
      respondentId: null,
      respondentEmail: null,
      device: channel === 'kiosk' ? 'tablet' : dice.pick(DEVICES),
      os: null,
      browser: null,
    });
    if (channel === 'web') {
      const base = { site: 'demo', survey: survey.id, touchpoint: tp.id, channel, trigger };
      events.push({ id: timeOrderedId(at, dice), type: 'impression', ...base, createdAt, receivedAt: createdAt });
    }
    if (responses.length >= opts.batch) {
      yield { responses, events };
      responses = [];
      events = [];
    }
  }
  if (responses.length > 0) yield { responses, events };
}
