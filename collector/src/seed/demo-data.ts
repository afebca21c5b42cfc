import type { Store } from '../store/store.js';
import type { EventRecord, ResponseRecord } from '../store/store.js';
import {
  npsBand,
  SCALES,
  type Channel,
  site as siteSchema,
  survey as surveySchema,
  touchpoint as touchpointSchema,
} from '@touchpoint/shared';
import { demoSite, demoSurveys, demoTouchpoints, type DemoTouchpoint } from './demo-catalog.js';
import { workDemoCases } from './demo-cases.js';
import { Dice, rng } from './random.js';
import { VERBATIMS } from './verbatims.js';

/** Days of history the demo data covers: two 90-day periods, so "change vs previous period" compares real samples. */
const HISTORY_DAYS = 180;
/** Rows written per store call while seeding. */
const SEED_BATCH = 500;
/** Share of responses left partial (the respondent answered the first question and left). */
const PARTIAL_SHARE = 0.06;
/** Share of shown surveys that get answered, by kind of touchpoint. */
const RESPONSE_RATE = { web: 0.12, store: 0.5, kiosk: 0.65, qr: 0.9 } as const;

const SEGMENTS = { new: 35, regular: 45, 'loyalty-gold': 20 } as const;
const SEGMENT_EFFECT: Record<keyof typeof SEGMENTS, number> = { new: -0.35, regular: 0, 'loyalty-gold': 0.55 };
const CATEGORIES = ['running', 'outerwear', 'hiking', 'kids', 'accessories'] as const;
const CATEGORY_EFFECT: Record<(typeof CATEGORIES)[number], number> = {
  running: 0.3,
  outerwear: 0.1,
  hiking: 0.2,
  kids: -0.3,
  accessories: 0,
};
const REGIONS = ['North', 'South', 'East', 'West'] as const;
/**
 * The pages the cart drop-off survey fires on (it has no URL rules) and how often: the page's
 * `data-touchpoint` is the touchpoint the answer counts for, as in demo-site/pages/*.html.
 */
const CART_DROP_PAGES = { cart: 55, 'product-page': 35, home: 10 } as const;
/** The signals a cart drop-off fires with (widget/src/triggers/cart-drop-off.ts), and how often. */
const CART_DROP_TRIGGERS = {
  'cart-drop-off:idle': 40,
  'cart-drop-off:exit-desktop': 35,
  'cart-drop-off:exit-scroll-up': 12,
  'cart-drop-off:exit-hidden': 10,
  'cart-drop-off:exit-back': 3,
} as const;
/** The signals exit intent fires with (widget/src/triggers/exit-intent.ts), and how often. */
const EXIT_TRIGGERS = {
  'exit-intent:desktop': 45,
  'exit-intent:scroll-up': 25,
  'exit-intent:hidden': 22,
  'exit-intent:back': 8,
} as const;
/** URL paths of the demo shop's pages, by touchpoint (the rest are served at /<touchpoint>). */
const WEB_PATHS: Record<string, string> = { home: '', 'product-page': 'product/' };
const FIRST_NAMES = ['anna', 'lukas', 'mia', 'paul', 'emma', 'leon', 'sofia', 'jonas', 'marie', 'felix'];

const clamp = (v: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(v)));
const channelOf = (t: DemoTouchpoint): Channel =>
  t.tags?.includes('phone')
    ? 'phone'
    : t.kind === 'kiosk'
      ? 'kiosk'
      : t.kind === 'qr'
        ? 'qr'
        : t.kind === 'store'
          ? 'qr'
          : 'web';

/** Creates the demo site, touchpoints and surveys where missing. */
export async function seedDemoCatalog(store: Store): Promise<void> {
  const site = siteSchema.parse(demoSite);
  if (!(await store.getSite(site.key))) await store.createSite(site);
  for (const t of demoTouchpoints) {
    const { quality: _q, weight: _w, survey: _s, region: _r, ...tp } = t;
    await store.createTouchpoint(site.key, touchpointSchema.parse(tp));
  }
  for (const s of demoSurveys) await store.createSurvey(site.key, surveySchema.parse(s));
}

/**
 * Seeds `count` synthetic responses over the last 180 days, with believable differences between
 * touchpoints, segments, cart values and devices, plus the impressions behind them and kiosk
 * heartbeats. Deterministic for a given seed. Goes through the store's ingest verbs, like real data.
 */
export async function seedDemoResponses(
  store: Store,
  count: number,
  opts: { seed?: number; now?: Date } = {},
): Promise<number> {
  const dice = new Dice(rng(opts.seed ?? 42));
  const now = (opts.now ?? new Date()).getTime();
  const weights = Object.fromEntries(demoTouchpoints.map((t) => [t.id, t.weight]));
  const byId = new Map(demoTouchpoints.map((t) => [t.id, t]));
  const surveys = new Map(demoSurveys.map((s) => [s.id, s]));
  const responses: ResponseRecord[] = [];
  const events: EventRecord[] = [];
  const flush = async (force = false) => {
    if (responses.length >= SEED_BATCH || (force && responses.length)) await store.saveResponses(responses.splice(0));
    if (events.length >= SEED_BATCH || (force && events.length)) await store.saveEvents(events.splice(0));
  };

  for (let i = 0; i < count; i++) {
    let tp = byId.get(dice.weighted<string>(weights)) as DemoTouchpoint;
    const survey = surveys.get(tp.survey);
    if (survey?.trigger?.type === 'cart-drop-off') tp = byId.get(dice.weighted(CART_DROP_PAGES)) ?? tp;
    if (!survey) continue;
    const ageDays = HISTORY_DAYS * Math.pow(dice.next(), 0.9);
    const created = new Date(now - ageDays * 86_400_000 - dice.next() * 3_600_000);
    const createdAt = created.toISOString();
    const channel = channelOf(tp);
    const segment = dice.weighted(SEGMENTS);
    const category = dice.pick(CATEGORIES);
    const cartValue = Math.round(Math.exp(3.8 + 0.7 * dice.normal()) * 100) / 100;
    const device = channel === 'kiosk' ? 'tablet' : dice.chance(channel === 'web' ? 0.55 : 0.9) ? 'mobile' : 'desktop';
    const buyer = channel === 'web' ? tp.id === 'order-confirmation' : dice.chance(0.45);
    // The help center got better over the half year; Leipzig got worse.
    const drift =
      tp.id === 'help-center'
        ? (1 - ageDays / HISTORY_DAYS) * 1.2
        : tp.id === 'store-07'
          ? -(1 - ageDays / HISTORY_DAYS) * 0.6
          : 0;
    const z =
      tp.quality +
      drift +
      SEGMENT_EFFECT[segment] +
      CATEGORY_EFFECT[category] +
      (buyer ? 0.25 : -0.25) +
      (device === 'mobile' && channel === 'web' ? -0.2 : 0) +
      (cartValue > 150 ? 0.2 : 0) +
      1.2 * dice.normal();
    const nps = clamp(7.8 + 1.7 * z, SCALES.nps.min, SCALES.nps.max);
    const band = npsBand(nps);
    const answers: ResponseRecord['answers'] = {};
    for (const q of survey.questions) {
      if (q.showIf) {
        const prior = answers[q.showIf.question];
        if (typeof prior !== 'number') continue;
        if (
          (q.showIf.min !== undefined && prior < q.showIf.min) ||
          (q.showIf.max !== undefined && prior > q.showIf.max)
        )
          continue;
      }
      if (q.type === 'nps') answers[q.id] = nps;
      else if (q.type === 'csat') answers[q.id] = clamp(3.9 + 0.9 * z, 1, 5);
      else if (q.type === 'ces') answers[q.id] = clamp(5.2 + 1.1 * z + 0.4 * dice.normal(), 1, 7);
      else if (q.type === 'smiley') answers[q.id] = clamp(2.9 + 0.8 * z, 1, 4);
      else if (q.type === 'single' && q.id === 'bought') answers[q.id] = buyer ? 'yes' : 'no';
      else if (q.type === 'single' && q.choices) answers[q.id] = dice.pick(q.choices).id;
      else if (q.type === 'multi' && q.choices && dice.chance(0.6)) answers[q.id] = [dice.pick(q.choices).id];
      else if (q.type === 'text' && dice.chance(0.45)) {
        answers[q.id] = survey.id === 'cart-drop-off' ? dice.pick(VERBATIMS.cart) : dice.pick(VERBATIMS[band]);
      }
    }
    const partial = dice.chance(PARTIAL_SHARE);
    if (partial) for (const k of Object.keys(answers).slice(1)) delete answers[k];
    const email = survey.id === 'store-nps' && dice.chance(0.15) ? `${dice.pick(FIRST_NAMES)}.${i}@example.com` : null;
    if (email) answers.contact = email;
    const trigger =
      channel !== 'web'
        ? channel === 'kiosk'
          ? 'kiosk'
          : 'link'
        : survey.trigger?.type === 'cart-drop-off'
          ? dice.weighted(CART_DROP_TRIGGERS)
          : survey.trigger?.type === 'exit-intent'
            ? dice.weighted(EXIT_TRIGGERS)
            : 'page-view';
    responses.push({
      id: dice.uuid(),
      site: demoSite.key,
      survey: survey.id,
      touchpoint: tp.id,
      answers,
      partial,
      locale: dice.chance(0.8) ? 'en' : 'de',
      createdAt,
      receivedAt: createdAt,
      channel,
      url:
        channel === 'web'
          ? `http://localhost:5173/${WEB_PATHS[tp.id] ?? tp.id}${tp.id === 'product-page' ? category : ''}`
          : null,
      referrer: null,
      trigger,
      kiosk: channel === 'kiosk' ? `${tp.id}-tablet` : null,
      vars: {
        segment,
        category,
        cartValue,
        buyer,
        // no `device` here: the collector parses it from the user agent (a var would list it twice in segments)
        region: tp.region ?? dice.pick(REGIONS),
      },
      respondentId: email ? `cust-${1000 + i}` : null,
      respondentEmail: email,
      device,
      os: device === 'desktop' ? 'Windows' : device === 'tablet' ? 'Android' : 'iOS',
      browser: device === 'mobile' ? 'Mobile Safari' : 'Chrome',
    });
    // The impressions behind this answer (the response rate's denominator).
    const shown = Math.max(1, Math.round((1 / RESPONSE_RATE[tp.kind]) * (0.7 + 0.6 * dice.next())));
    for (let k = 0; k < shown; k++) {
      const at = new Date(created.getTime() - k * 60_000).toISOString();
      const base = {
        site: demoSite.key,
        survey: survey.id,
        touchpoint: tp.id,
        channel,
        trigger,
        createdAt: at,
        receivedAt: at,
      };
      events.push({ id: dice.uuid(), type: 'impression', ...base });
      if (k > 0 && dice.chance(0.5)) events.push({ id: dice.uuid(), type: 'dismiss', ...base });
    }
    await flush();
  }
  await flush(true);
  await workDemoCases(store, demoSite.key, { seed: opts.seed ?? 42, now: new Date(now) });
  for (const kiosk of ['kiosk-store-12', 'kiosk-store-03']) {
    const at = new Date(now - (kiosk === 'kiosk-store-03' ? 3 * 3_600_000 : 30_000)).toISOString();
    await store.saveEvents([
      {
        id: dice.uuid(),
        site: demoSite.key,
        type: 'heartbeat',
        kiosk: `${kiosk}-tablet`,
        touchpoint: kiosk,
        queued: kiosk === 'kiosk-store-03' ? 4 : 0,
        online: kiosk !== 'kiosk-store-03',
        version: '0.1.0',
        createdAt: at,
        receivedAt: at,
      },
    ]);
    // The tablet's own name, as an operator would type it in the kiosk health view.
    await store.nameKiosk(
      demoSite.key,
      `${kiosk}-tablet`,
      kiosk === 'kiosk-store-12' ? 'Entrance tablet' : 'Till tablet',
    );
  }
  return count;
}
