import type { Improvement, ImprovementUpdate } from '@touchpoint/shared';
import type { EmailPayload } from './closed-loop-store.js';

/** What became of one respondent's notice about an improvement. */
export type NoticeOutcome = 'queued' | 'already-told' | 'recently-mailed' | 'opted-out';

/**
 * Storage of "you said, we did" improvements (migration 012's `improvements` and `improvement_notices`),
 * beside `Store` like ReceiptStore, so another dialect adds it without touching the response path.
 */
export interface ImprovementStore {
  /** newest day first; with a touchpoint: that touchpoint's and the site-wide ones */
  list(site: string, q: { touchpoint?: string; limit: number }): Promise<Improvement[]>;
  get(site: string, id: string): Promise<Improvement | null>;
  /** notice e-mails queued so far, per improvement id of the site (ids without any are left out) */
  noticeCounts(site: string): Promise<Map<string, number>>;
  create(site: string, improvement: Improvement): Promise<void>;
  update(site: string, id: string, change: ImprovementUpdate): Promise<Improvement | null>;
  delete(site: string, id: string): Promise<boolean>;
  /**
   * Responses whose comment spoke of `theme` negatively or mixed (the insight tables), on or after `sinceDay`,
   * at `touchpoint` when given; newest first, at most `limit`.
   */
  themeComplaints(
    site: string,
    q: { theme: string; touchpoint: string | null; sinceDay: string; limit: number },
  ): Promise<string[]>;
  /**
   * Queues the notice e-mail in the outbox (its daily cap applies at delivery) and records it, in one
   * transaction: once per improvement and response; not to an address that opted out, nor to one the site
   * e-mailed since `since` (the closed loop's one-e-mail-per-address interval).
   */
  notify(n: {
    site: string;
    improvementId: string;
    responseId: string;
    mail: EmailPayload;
    at: string;
    since: string;
  }): Promise<NoticeOutcome>;
  /** the address (normalised) gets no more notices from the site */
  optOut(site: string, address: string, at: string): Promise<void>;
}
