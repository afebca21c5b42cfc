import type {
  CaseListQuery,
  CaseStatus,
  CaseSummaryRow,
  Delivery,
  DeliveryListQuery,
  FollowUpCase,
  Rule,
  WebhookEndpoint,
  WebhookEvent,
} from '@touchpoint/shared';

/** What delivers an outbox row. */
export type DeliveryKind = 'email' | 'webhook' | 'notify';

/** An e-mail waiting in the outbox, as rendered when its response was saved. */
export interface EmailPayload {
  to: string;
  subject: string;
  text: string;
}

/** A webhook endpoint with its signing secret: only the delivery worker reads this. */
export interface WebhookTarget {
  url: string;
  secret: string;
  active: boolean;
}

/** An outbox row claimed by a worker: deliver it, then mark it delivered or failed. */
export interface ClaimedDelivery {
  id: string;
  site: string;
  kind: DeliveryKind;
  /** the webhook event, or `reply` */
  event: string;
  /** e-mail address, or webhook endpoint id */
  target: string;
  /** the exact body to send: JSON of an EmailPayload, or of the webhook payload */
  payload: string;
  /** attempts finished before this one */
  attempts: number;
  /** the endpoint, for webhooks; null when it has been deleted since */
  endpoint: WebhookTarget | null;
  /**
   * The claim's fencing token (its lease end, which grows with every claim of a row): a mark that carries it
   * applies only while this claim still holds the row, so a worker whose lease ran out and whose row another
   * worker took over cannot mark it delivered, dead or due again under the other's feet.
   */
  claim: string;
}

/** Which cases: by status, touchpoint, and whether they are overdue at the `now` of the call. */
export interface CaseQuery {
  status?: CaseStatus;
  touchpoint?: string;
  overdue?: boolean;
}

/** A page of cases to list: the admin API's query, soonest due first unless `sort` says otherwise. */
export type CasePageQuery = CaseQuery & Pick<CaseListQuery, 'limit' | 'cursor'> & Partial<Pick<CaseListQuery, 'sort'>>;

/** A change to a case from the admin API; `note` is appended with its author and time. */
export interface CaseChange {
  status?: CaseStatus;
  assignee?: string | null;
  note?: { author: string; text: string };
  at: string;
}

/**
 * The closed loop's storage verbs (rules, webhook endpoints, follow-up cases, the outbox), reached as
 * `store.closedLoop`. Rules run when a response becomes complete, inside the transaction that saves it:
 * the outbox rows and cases they create commit with the response, or not at all.
 */
export interface ClosedLoopStore {
  /** a site's rules in evaluation order (a new site has the default ones); never writes */
  listRules(site: string): Promise<Rule[]>;
  getRule(site: string, id: string): Promise<Rule | null>;
  createRule(site: string, rule: Rule): Promise<boolean>;
  updateRule(site: string, rule: Rule): Promise<boolean>;
  deleteRule(site: string, id: string): Promise<boolean>;

  listWebhooks(site: string): Promise<WebhookEndpoint[]>;
  getWebhook(site: string, id: string): Promise<WebhookEndpoint | null>;
  /** stores an endpoint with its secret (kept so that deliveries can be signed) */
  createWebhook(
    site: string,
    endpoint: { url: string; events: WebhookEvent[]; active: boolean },
    secret: string,
  ): Promise<WebhookEndpoint>;
  updateWebhook(site: string, endpoint: WebhookEndpoint): Promise<boolean>;
  /** replaces an endpoint's signing secret (deliveries not yet sent are signed with the new one); false when unknown */
  rotateWebhookSecret(site: string, id: string, secret: string): Promise<boolean>;
  deleteWebhook(site: string, id: string): Promise<boolean>;

  /** a page of a site's cases, soonest due first or newest first, after `query.cursor`; `now` decides what is overdue */
  listCases(site: string, query: CasePageQuery, now: string): Promise<FollowUpCase[]>;
  getCase(site: string, id: string, now: string): Promise<FollowUpCase | null>;
  /** applies a change and enqueues `case.updated` in the same transaction; null when there is no such case */
  updateCase(site: string, id: string, change: CaseChange): Promise<FollowUpCase | null>;
  /**
   * Dates a site's untouched cases from their response's creation time (due date moved by as much):
   * for history loaded after the fact (the demo seed), whose cases would otherwise all open "now".
   */
  backdateCases(site: string): Promise<number>;
  /** per touchpoint: cases by status, overdue, median hours to resolve, of the cases `filter` matches */
  caseSummary(site: string, now: string, filter?: CaseQuery): Promise<CaseSummaryRow[]>;

  /**
   * Claims up to `limit` due, pending rows of the given kinds for `leaseMs`: no other claim returns them
   * until the lease ends (a worker that dies mid-delivery thus hands its rows on). See README, "Delivery".
   */
  claimDeliveries(opts: {
    kinds: DeliveryKind[];
    limit: number;
    leaseMs: number;
    now: string;
  }): Promise<ClaimedDelivery[]>;
  /** marks a claimed row delivered (one more attempt); with `claim`, only while that claim holds the row */
  markDelivered(id: string, at: string, claim?: string): Promise<void>;
  /**
   * records a failed attempt; `retryAt` null turns the row dead (no more attempts); with `claim`, only
   * while that claim holds the row
   */
  markFailed(id: string, error: string, retryAt: string | null, claim?: string): Promise<void>;
  /** e-mails of a site delivered since `since` (the daily reply cap counts these) */
  countRepliesSent(site: string, since: string): Promise<number>;
  /** pending rows of a kind (e.g. e-mails waiting for an SMTP server to be configured) */
  countPending(kind: DeliveryKind): Promise<number>;
  /** a site's delivery log, newest first */
  listDeliveries(site: string, query: DeliveryListQuery): Promise<Delivery[]>;
  /**
   * Makes a pending or dead row of the site due `now` (pending again), keeping its attempts and last error
   * for the log; a row in flight keeps its claim. Returns the row as the log shows it (a delivered row
   * unchanged), or null when the site has no such row.
   */
  retryDelivery(site: string, id: string, now: string): Promise<Delivery | null>;
}
