import fp from 'fastify-plugin';
import type { AnswerValue, Question, Survey, SurveyResponse, TouchpointEvent } from '@touchpoint/shared';
import {
  IdConflictError,
  InvalidAnswerError,
  OriginNotAllowedError,
  UnknownSiteError,
  UnknownSurveyError,
  UnknownTouchpointError,
  ValidationError,
} from '../errors.js';
import { answerProblem } from '../lib/answers.js';
import { isoAt } from '../lib/iso-time.js';
import { parseUserAgent } from '../lib/user-agent.js';
import { ClientBursts } from '../misuse/client-bursts.js';
import type { EventRecord, ResponseRecord, SaveOutcome } from '../store/store.js';
import type { SiteSnapshot } from './catalog.js';
import { kioskSent } from '../misuse/kiosk-sent.js';

/** Client clocks may run ahead; a timestamp further in the future than this is taken as "now". */
export const MAX_CLOCK_SKEW_MS = 10 * 60 * 1000;

/** What the ingest service needs to know about the request. */
export interface RequestMeta {
  /** the Origin header, when a browser sent one */
  origin: string | undefined;
  /** this collector's own origin, which the kiosk and link pages it serves post from */
  ownOrigin: string;
  userAgent: string | undefined;
  /** the client's key (a daily-salted hash of its address), for the client burst rule */
  client?: string;
}

/** Whether a browser on `origin` may post to (or read the config of) a site. */
export function originAllowed(snapshot: SiteSnapshot, origin: string | undefined, ownOrigin: string): boolean {
  return origin === undefined || origin === ownOrigin || snapshot.site.origins.includes(origin);
}

/** Validates responses and events against the catalog, enriches them and stores them durably. */
export class Ingest {
  /**
   * Recent answers per client and touchpoint: many in a short window are flagged, not refused. Off, like
   * every limit, when TOUCHPOINT_RATE_LIMIT is 0 (benchmarks and tests post from one client).
   */
  private readonly bursts: ClientBursts | null;

  constructor(private readonly fastify: import('fastify').FastifyInstance) {
    this.bursts = fastify.config.TOUCHPOINT_RATE_LIMIT > 0 ? new ClientBursts() : null;
  }

  /** Whether a response answers a scanned receipt: verified, so the client burst rule leaves it alone. */
  private async fromReceipt(site: string, id: string): Promise<boolean> {
    return (await this.fastify.receipts.scanOf(site, id)) !== null;
  }

  /** Stores responses; the promise resolves once they are committed. `prefix` names the items in errors. */
  async responses(items: SurveyResponse[], meta: RequestMeta, prefix: (i: number) => string): Promise<SaveOutcome[]> {
    const now = Date.now();
    const receivedAt = isoAt(now);
    const client = parseUserAgent(meta.userAgent);
    const records: ResponseRecord[] = [];
    for (let i = 0; i < items.length; i++) {
      const r = items[i] as SurveyResponse;
      const path = prefix(i);
      const catalog = this.fastify.catalog;
      const snapshot = allowedSite(catalog.peek(r.site) ?? (await catalog.get(r.site)), r.site, path, meta);
      const survey = snapshot.surveys.get(r.survey);
      // An inactive survey still takes answers: a kiosk may deliver its offline queue days later.
      if (!survey) throw new UnknownSurveyError(`${path}survey`, r.site, r.survey);
      const touchpoint = r.touchpoint ?? survey.touchpoint;
      if (touchpoint === undefined) {
        throw new ValidationError(`${path}touchpoint: required, as survey "${survey.id}" names no default touchpoint`);
      }
      if (!snapshot.touchpoints.has(touchpoint))
        throw new UnknownTouchpointError(`${path}touchpoint`, r.site, touchpoint);
      checkAnswers(survey, r.answers, path);
      // Spelled out (no spreads): this runs for every response, and the record crosses to the writer thread.
      const context = r.context;
      records.push({
        id: r.id,
        site: r.site,
        survey: r.survey,
        touchpoint,
        answers: r.answers,
        partial: r.partial,
        locale: r.locale ?? null,
        createdAt: clampToNow(r.createdAt, now),
        receivedAt,
        channel: context.channel,
        url: context.url ?? null,
        referrer: context.referrer ?? null,
        trigger: context.trigger ?? null,
        kiosk: context.kiosk ?? null,
        durationMs: context.durationMs ?? null,
        vars: context.vars,
        respondentId: r.respondent?.id ?? null,
        respondentEmail: r.respondent?.email ?? null,
        device: client.device,
        os: client.os,
        browser: client.browser,
        // A kiosk's queue arrives at once by design: the kiosk rule judges it by its answers' own times.
        clientBurst:
          this.bursts &&
          meta.client !== undefined &&
          !r.partial &&
          kioskSent(context) === null &&
          // A receipt's answer (docs/RECEIPTS.md) is one per purchase: many from one store's Wi-Fi are no burst.
          // Asked last, so that only answers the rule would judge cost a look-up.
          !(await this.fromReceipt(r.site, r.id))
            ? this.bursts.note(meta.client, r.site, touchpoint, now)
            : false,
      });
    }
    const outcomes = await this.fastify.store.saveResponses(records);
    const conflict = outcomes.findIndex((o) => o.status === 'conflict');
    if (conflict >= 0) throw new IdConflictError(`${prefix(conflict)}id`, outcomes[conflict]?.id);
    return outcomes;
  }

  /** Stores impressions, dismissals and heartbeats. */
  async events(items: TouchpointEvent[], meta: RequestMeta, prefix: (i: number) => string): Promise<SaveOutcome[]> {
    const now = Date.now();
    const receivedAt = isoAt(now);
    const records: EventRecord[] = [];
    for (let i = 0; i < items.length; i++) {
      const e = items[i] as TouchpointEvent;
      const path = prefix(i);
      const snapshot = allowedSite(await this.fastify.catalog.get(e.site), e.site, path, meta);
      if (e.touchpoint !== undefined && !snapshot.touchpoints.has(e.touchpoint)) {
        throw new UnknownTouchpointError(`${path}touchpoint`, e.site, e.touchpoint);
      }
      const createdAt = clampToNow(e.createdAt, now);
      if (e.type === 'heartbeat') {
        records.push({ ...e, touchpoint: e.touchpoint ?? null, version: e.version ?? null, createdAt, receivedAt });
        continue;
      }
      const survey = snapshot.surveys.get(e.survey);
      if (!survey) throw new UnknownSurveyError(`${path}survey`, e.site, e.survey);
      const touchpoint = e.touchpoint ?? survey.touchpoint;
      if (touchpoint === undefined) {
        throw new ValidationError(`${path}touchpoint: required, as survey "${survey.id}" names no default touchpoint`);
      }
      records.push({
        id: e.id,
        site: e.site,
        type: e.type,
        survey: e.survey,
        touchpoint,
        channel: e.channel,
        trigger: e.trigger ?? null,
        createdAt,
        receivedAt,
      });
    }
    const outcomes = await this.fastify.store.saveEvents(records);
    const conflict = outcomes.findIndex((o) => o.status === 'conflict');
    if (conflict >= 0) throw new IdConflictError(`${prefix(conflict)}id`, outcomes[conflict]?.id);
    return outcomes;
  }
}

/** The site an item names, which must exist and allow the request's origin. */
function allowedSite(snapshot: SiteSnapshot | null, key: string, path: string, meta: RequestMeta): SiteSnapshot {
  if (!snapshot) throw new UnknownSiteError(`${path}site`, key);
  if (!originAllowed(snapshot, meta.origin, meta.ownOrigin)) throw new OriginNotAllowedError(meta.origin, key);
  return snapshot;
}

/** Throws for the first answer that the survey has no question for, or that its question refuses. */
function checkAnswers(survey: Survey, answers: SurveyResponse['answers'], path: string): void {
  const ids = Object.keys(answers);
  for (let i = 0; i < ids.length; i++) {
    const qid = ids[i] as string;
    const q = questionOf(survey, qid);
    const problem = q
      ? answerProblem(q, answers[qid] as AnswerValue)
      : `survey "${survey.id}" has no question "${qid}"`;
    if (problem) throw new InvalidAnswerError(`${path}answers.${qid}`, problem);
  }
}

/** The survey's question with this id (surveys have a handful: a loop beats building a map). */
function questionOf(survey: Survey, id: string): Question | undefined {
  const questions = survey.questions;
  for (let i = 0; i < questions.length; i++) if (questions[i]?.id === id) return questions[i];
  return undefined;
}

/** What toISOString writes; the widget sends its timestamps in this form. */
const ISO_UTC_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * Normalises a client timestamp to UTC, replacing one from the future by the arrival time `now`. One
 * already in toISOString's form is kept as it is, which spares writing it again (toISOString costs more
 * than the rest of this), unless Date.parse rolled an impossible date over (02-30 to 03-02, 24:00 to the
 * next day), which changes its day of month.
 */
function clampToNow(createdAt: string, now: number): string {
  const t = Date.parse(createdAt);
  if (t - now > MAX_CLOCK_SKEW_MS) return isoAt(now);
  if (ISO_UTC_MS.test(createdAt) && new Date(t).getUTCDate() === Number(createdAt.slice(8, 10))) return createdAt;
  return new Date(t).toISOString();
}

declare module 'fastify' {
  interface FastifyInstance {
    /** validates, enriches and stores responses and events */
    ingest: Ingest;
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('ingest', new Ingest(fastify));
  },
  { name: 'ingest', dependencies: ['config', 'store', 'catalog'] },
);
