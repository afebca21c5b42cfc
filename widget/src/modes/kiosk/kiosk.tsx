import type { ConfigSurvey, SiteConfig } from '@touchpoint/shared';
import { render } from 'preact';
import { listen, uuid } from '../../core/dom';
import type { Answers, ResponseMeta } from '../../core/types';
import { responseBody } from '../../ui/response';
import { configUrl, fetchConfig, inlineConfig, pickSurvey } from '../config';
import { duration } from '../duration';
import { Flow } from '../flow';
import { type ModeSettings, settings } from '../settings';
import { shell } from '../shell';
import { stringsFor } from '../strings';
import { heartbeat } from './heartbeat';
import { inviteFor } from './invite';
import { idbQueue, kvGet, kvSet, openDb } from './idb';
import { memoryStore, offlineQueue, type Post } from './queue';
import { type Round, resetDue } from './timers';
import { warmCache } from './warm';
import { keepAwake } from './wake-lock';

/** How often the reset timers are looked at (ms). */
const TICK_MS = 250;
/** Wait before asking again for a config that was neither online nor remembered (ms). */
const CONFIG_RETRY_MS = 10_000;

/** One customer's survey on the kiosk: a response id, its clock, and its answers so far. */
interface CustomerRound extends Round {
  id: string;
  /** when this customer's first question appeared (after the last reset) */
  shownAt: number;
  /** the first answer (the response's createdAt) */
  firstAt: number;
  answers: Answers;
  /** the answers last queued, as JSON */
  sent: string;
}

/** Posts responses to the collector: one as itself, several as a batch. */
const poster =
  (o: ModeSettings): Post =>
  async (bodies) =>
    (
      await fetch(new URL('v1/responses', o.collector), {
        method: 'POST',
        body: JSON.stringify(bodies.length == 1 ? bodies[0] : { responses: bodies }),
      })
    ).status;

/**
 * The config in the page (the survey editor's preview puts the draft there), else from the network,
 * remembered for a cold start offline; else the remembered one.
 */
async function loadConfig(db: IDBDatabase | undefined, url: string): Promise<SiteConfig | undefined> {
  const inline = inlineConfig(document);
  if (inline) return inline;
  try {
    const c = await fetchConfig(url);
    if (db) await kvSet(db, 'config', c);
    return c;
  } catch {
    return db && kvGet<SiteConfig>(db, 'config');
  }
}

/**
 * Starts the kiosk: full screen, the survey straight away, a thank-you screen and a reset for the
 * next customer, a reset on inactivity mid-survey (the partial answer kept), every answer queued in
 * IndexedDB before it is sent, a heartbeat, and the screen kept awake.
 */
export async function startKiosk(tag: HTMLScriptElement): Promise<void> {
  const o = settings(tag, location.search);
  const debug = (...a: unknown[]) => o.debug && console.log('[touchpoint kiosk]', ...a);
  // opening may throw at once where storage is refused (an opaque origin: the survey editor's preview)
  const db = await Promise.resolve()
    .then(() => openDb())
    .catch(debug as () => undefined);
  let kiosk = db && (await kvGet<string>(db, 'kiosk'));
  if (!kiosk) {
    kiosk = uuid();
    if (db) await kvSet(db, 'kiosk', kiosk);
  }
  const q = offlineQueue(db ? idbQueue(db) : memoryStore(), poster(o), {
    online: () => navigator.onLine,
    later(fn, ms) {
      const t = setTimeout(fn, ms);
      return () => clearTimeout(t);
    },
  });
  listen(window, 'online', () => void q.online());
  heartbeat(o, kiosk, q);
  keepAwake();

  const url = configUrl(o, document.documentElement.lang || navigator.language);
  let survey: ConfigSurvey | undefined;
  for (;;) {
    const c = await loadConfig(db, url);
    survey = c && pickSurvey(c, o);
    if (survey) break;
    debug('no survey yet', o.survey);
    await new Promise((r) => setTimeout(r, CONFIG_RETRY_MS));
  }
  warmCache([url]);
  const s = survey;
  o.touchpoint ||= s.touchpoint; // the heartbeat's too
  const t = stringsFor(s.locale);
  const box = await shell('kiosk', s.locale, o.nonce, s.theme);
  const logo = s.theme?.logo;

  let r!: CustomerRound;
  const queue = (answers: Answers, done: boolean, at: number) => {
    r.firstAt ||= at;
    r.sent = JSON.stringify(answers);
    const meta: ResponseMeta = {
      id: r.id,
      site: o.site,
      survey: s.id,
      touchpoint: o.touchpoint || s.touchpoint,
      locale: s.locale,
      createdAt: new Date(r.firstAt).toISOString(),
      channel: 'kiosk',
      url: location.href,
      referrer: '',
      trigger: 'kiosk',
      vars: {},
    };
    const body = responseBody(meta, answers, done);
    body.context = { ...body.context, kiosk, durationMs: duration(r.shownAt, at) };
    q.enqueue(body).catch(debug);
  };
  const onAnswer = (answers: Answers, done: boolean) => {
    const at = Date.now();
    Object.assign(r, { answers, touched: true, last: at });
    if (Object.keys(answers).length) queue(answers, done, at);
    if (done) Object.assign(r, { thanked: true, thanksAt: at });
  };
  const begin = () => {
    const at = Date.now();
    r = {
      id: uuid(),
      shownAt: at,
      firstAt: 0,
      answers: {},
      sent: '{}',
      thanked: false,
      thanksAt: 0,
      touched: false,
      last: at,
    };
    render(
      <>
        <header class="hd">
          {logo && <img src={new URL(logo, o.collector).href} alt="" />}
          <span>{o.place}</span>
        </header>
        <main>
          <Flow
            key={r.id}
            survey={s}
            t={t}
            invite={inviteFor(s.locale)}
            linkAsText
            qr={
              s.thankYouLink &&
              new URL(
                `k/thanks-qr.svg?site=${encodeURIComponent(o.site)}&survey=${encodeURIComponent(s.id)}`,
                o.collector,
              ).href
            }
            onAnswer={onAnswer}
            onChange={(a) => (r.answers = a)}
          />
        </main>
      </>,
      box,
    );
  };

  const touch = () => Object.assign(r, { touched: true, last: Date.now() });
  for (const type of ['pointerdown', 'keydown', 'input']) listen(box, type, touch);
  setInterval(() => {
    const why = resetDue(r, Date.now(), o.resetMs, o.idleMs);
    if (!why) return;
    debug('reset', why);
    // the customer walked away: keep what they gave, text typed but not submitted included
    if (why == 'idle' && JSON.stringify(r.answers) != r.sent && Object.keys(r.answers).length)
      queue(r.answers, false, r.last);
    begin();
  }, TICK_MS);
  begin();
}
