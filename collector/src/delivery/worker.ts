import type { FastifyBaseLogger } from 'fastify';
import { backoffMs } from '../closed-loop/backoff.js';
import { allocateReplies, dayStart } from '../closed-loop/reply-limits.js';
import type { ClaimedDelivery, ClosedLoopStore, DeliveryKind, EmailPayload } from '../store/closed-loop-store.js';
import type { SendEmail } from './email.js';
import type { NotifyPayload } from '../closed-loop/notify.js';
import { notifyBody } from './notify-format.js';
import { callWebhook } from './webhook.js';

/** Rows claimed at once; a full batch is followed at once by the next. */
const BATCH = 20;
/** A claim lasts this many attempt timeouts, so it cannot end while its attempt may still be running. */
const LEASE_TIMEOUTS = 2;
/** How often the warning that e-mails wait for an SMTP server is repeated while they keep waiting. */
export const WAITING_EMAILS_WARN_EVERY_MS = 60 * 60 * 1000;

/** Settings of the delivery worker (from the config). */
export interface DeliveryWorkerOptions {
  store: ClosedLoopStore;
  log: FastifyBaseLogger;
  /** null when no SMTP server is configured: e-mails then stay pending */
  sendEmail: SendEmail | null;
  intervalMs: number;
  backoffMs: number;
  maxAttempts: number;
  timeoutMs: number;
  /** TOUCHPOINT_WEBHOOK_ALLOW_PRIVATE: webhook calls may reach loopback and private addresses */
  allowPrivateWebhooks: boolean;
  /** the collector's public URL, which chat notifications link to (the dashboard's inbox and cases) */
  publicUrl: string;
  /** the site's daily reply cap (its `dailyReplyCap` setting, else the default) */
  dailyReplyCap: (site: string) => Promise<number>;
}

/**
 * The marks of a round's deliveries, on their way to the store while the round claims its next rows: the store
 * takes them together (on SQLite's writer thread, in one transaction with that claim), so a round of 20 waits
 * for the store once instead of twice. A mark that fails is thrown by `settled`.
 */
class PendingMarks {
  private readonly waiting: Promise<void>[] = [];
  private failure: { err: unknown } | null = null;

  add(mark: Promise<void>): void {
    this.waiting.push(
      mark.catch((err: unknown) => {
        this.failure ??= { err };
      }),
    );
  }

  /** Resolves once every mark so far is stored; rejects with the first that failed. */
  async settled(): Promise<void> {
    await Promise.all(this.waiting.splice(0));
    const failure = this.failure;
    this.failure = null;
    if (failure) throw failure.err;
  }
}

/** The start of the error a reply held back by its site's cap is marked dead with (the dashboard looks for it). */
export const REPLY_CAP_ERROR = 'daily reply cap';

/**
 * Delivers the outbox: claims due rows, sends each once, and marks it delivered right when success is
 * seen, or failed with the next attempt time (exponential backoff with jitter) or, after the last attempt,
 * dead. Runs on an unref'd timer, so it never holds the process open.
 */
export class DeliveryWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  /** when the waiting e-mails were last reported (Date.now()); they are counted again only after the interval */
  private emailsWarnedAt = -Infinity;
  /** `site day` pairs whose reached cap was logged already, so it is logged once a day */
  private readonly capLogged = new Set<string>();
  /** aborts webhook calls in flight on stop, so a shutdown does not wait out their timeout */
  private readonly cancel = new AbortController();

  constructor(private readonly o: DeliveryWorkerOptions) {}

  /** the worker's logger */
  get log(): FastifyBaseLogger {
    return this.o.log;
  }

  /** Starts polling every `intervalMs`. */
  start(): void {
    this.stopped = false;
    this.schedule();
  }

  /**
   * Stops polling, cuts webhook calls in flight short (each counts as a failed attempt and is retried
   * later) and waits for the round to finish marking, so nothing is left half-marked.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.cancel.abort(new Error('the collector is shutting down'));
    await this.running;
  }

  /** One round: deliver everything due now. Rounds never overlap. */
  runOnce(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.runOnce()
        .catch((err: unknown) => this.o.log.error({ err }, 'delivery round failed'))
        .finally(() => this.schedule());
    }, this.o.intervalMs);
    this.timer.unref();
  }

  private async round(): Promise<void> {
    const kinds: DeliveryKind[] = this.o.sendEmail ? ['webhook', 'notify', 'email'] : ['webhook', 'notify'];
    if (!this.o.sendEmail) await this.reportWaitingEmails();
    const marks = new PendingMarks();
    try {
      for (;;) {
        const now = new Date().toISOString();
        const claimed = await this.o.store.claimDeliveries({
          kinds,
          limit: BATCH,
          leaseMs: this.o.timeoutMs * LEASE_TIMEOUTS,
          now,
        });
        // The reply caps count the e-mails marked sent: those of the last rows first.
        if (claimed.some((d) => d.kind === 'email')) await marks.settled();
        await Promise.all((await this.withinCaps(claimed, now)).map((d) => this.deliver(d, marks)));
        if (claimed.length < BATCH || this.stopped) return;
      }
    } finally {
      // A round ends (and `stop` returns) only once everything it sent is marked.
      await marks.settled();
    }
  }

  /** Sends one delivery and puts its mark (delivered, or failed with its retry) on its way. */
  private async deliver(d: ClaimedDelivery, marks: PendingMarks): Promise<void> {
    try {
      if (d.kind === 'email') {
        await (this.o.sendEmail as SendEmail)(JSON.parse(d.payload) as EmailPayload, d.id);
      } else if (d.kind === 'notify') {
        // The stored facts are formatted now, so a digest carries everything counted until its period ended.
        const p = JSON.parse(d.payload) as NotifyPayload;
        await callWebhook(
          { url: p.url, secret: '', active: true },
          { ...d, payload: notifyBody(p, this.o.publicUrl) },
          {
            timeoutMs: this.o.timeoutMs,
            cancel: this.cancel.signal,
            allowPrivate: this.o.allowPrivateWebhooks,
          },
        );
      } else {
        if (!d.endpoint) {
          marks.add(this.o.store.markFailed(d.id, 'the webhook endpoint was deleted', null, d.claim));
          return;
        }
        if (!d.endpoint.active) throw new Error('the webhook endpoint is inactive');
        await callWebhook(d.endpoint, d, {
          timeoutMs: this.o.timeoutMs,
          cancel: this.cancel.signal,
          allowPrivate: this.o.allowPrivateWebhooks,
        });
      }
    } catch (err) {
      const attempts = d.attempts + 1;
      const message = err instanceof Error ? err.message : String(err);
      const retryAt =
        attempts >= this.o.maxAttempts
          ? null
          : new Date(Date.now() + backoffMs(attempts, this.o.backoffMs)).toISOString();
      marks.add(this.o.store.markFailed(d.id, message, retryAt, d.claim));
      this.o.log.warn({ delivery: d.id, kind: d.kind, attempts, retryAt, err: message }, 'delivery failed');
      return;
    }
    // Marked in the same step the success is seen; only a crash before the mark is stored can cause a re-send
    // (the claim's lease keeps the row from being claimed again meanwhile). The claim fences the mark: if this
    // lease ran out and another collector took the row over, the mark is its to make.
    marks.add(this.o.store.markDelivered(d.id, new Date().toISOString(), d.claim));
  }

  /**
   * The claimed rows to deliver: e-mails beyond their site's daily reply cap are marked dead instead (an
   * admin may retry them from the delivery log), with a warning once per site and day.
   */
  private async withinCaps(claimed: ClaimedDelivery[], now: string): Promise<ClaimedDelivery[]> {
    const emails = claimed.filter((d) => d.kind === 'email');
    if (emails.length === 0) return claimed;
    const day = dayStart(now);
    const sites = [...new Set(emails.map((d) => d.site))];
    const sent = new Map<string, number>();
    const caps = new Map<string, number>();
    for (const site of sites) {
      sent.set(site, await this.o.store.countRepliesSent(site, day));
      caps.set(site, await this.o.dailyReplyCap(site));
    }
    const { overCap } = allocateReplies(emails, sent, caps);
    const held = new Set(overCap);
    for (const d of overCap) {
      const cap = caps.get(d.site) ?? 0;
      await this.o.store.markFailed(
        d.id,
        `${REPLY_CAP_ERROR} of ${cap} reached on ${day.slice(0, 10)}: not sent`,
        null,
        d.claim,
      );
      if (!this.capLogged.has(`${d.site} ${day}`)) {
        this.capLogged.add(`${d.site} ${day}`);
        this.o.log.warn(
          { site: d.site, cap },
          `site "${d.site}" reached its daily reply cap of ${cap} e-mails: further replies today are not sent`,
        );
      }
    }
    return claimed.filter((d) => !held.has(d));
  }

  /**
   * Warns that e-mails wait for an SMTP server (never drops them): the first time there are some, then at most
   * once per WAITING_EMAILS_WARN_EVERY_MS while there still are (before, at every round whose count had changed:
   * under steady traffic a warning a second). The plugin calls it once before the server listens, so the
   * warning comes before the "running" banner.
   */
  async reportWaitingEmails(now = Date.now()): Promise<void> {
    if (this.o.sendEmail || now - this.emailsWarnedAt < WAITING_EMAILS_WARN_EVERY_MS) return;
    const waiting = await this.o.store.countPending('email');
    if (waiting === 0) return;
    this.emailsWarnedAt = now;
    this.o.log.warn(
      { waiting },
      `TOUCHPOINT_SMTP_URL is not set: ${waiting} e-mail${waiting === 1 ? '' : 's'} wait in the outbox until an SMTP server is configured`,
    );
  }
}
