import type { NotifyDigest, NotifyKind, RuleMatch, ScoreBand } from '@touchpoint/shared';

/** Longest comment an alert or a digest quotes: a chat message is read at a glance. */
export const NOTIFY_COMMENT_CHARS = 280;
/** Latest comments a digest quotes. */
export const DIGEST_COMMENTS = 5;
/** Length of a digest period per mode, in milliseconds. */
const PERIOD_MS: Record<Exclude<NotifyDigest, 'none'>, number> = { hourly: 3_600_000, daily: 86_400_000 };

/** What one matching response tells a chat channel (formatted when it is sent, delivery/notify-format.ts). */
export interface AlertFacts {
  rule: string;
  ruleName: string;
  touchpoint: string;
  touchpointName: string;
  scale: RuleMatch['scale'];
  score: number | null;
  band: ScoreBand | null;
  /** the free-text answers, cut to NOTIFY_COMMENT_CHARS */
  comment: string | null;
  responseId: string;
  at: string;
  /** the case opened for the response by the same save, when one was */
  caseId: string | null;
}

/** One summary of a rule's matches in a period, built up as responses are saved. */
export interface DigestFacts {
  rule: string;
  ruleName: string;
  scale: RuleMatch['scale'];
  every: Exclude<NotifyDigest, 'none'>;
  periodStart: string;
  periodEnd: string;
  count: number;
  /** responses with a score on the rule's scale, their sum and their bands */
  scored: number;
  sum: number;
  bands: Record<ScoreBand, number>;
  /** newest first, at most DIGEST_COMMENTS; `responseId` says whose words they are, so erasure can find them
   * (absent on digests stored before it was kept: erasure then removes the comment anyway) */
  comments: { at: string; touchpoint: string; score: number | null; text: string; responseId?: string }[];
}

/** The stored payload of a `notify` outbox row: where it goes, as what, and the facts to format. */
export type NotifyPayload = { kind: NotifyKind; url: string } & (
  { alert: AlertFacts; digest?: undefined } | { digest: DigestFacts; alert?: undefined }
);

/** A comment cut to NOTIFY_COMMENT_CHARS with an ellipsis, or null when there is none. */
export function truncateComment(text: string | null): string | null {
  if (!text) return null;
  const t = text.trim();
  return t.length > NOTIFY_COMMENT_CHARS ? `${t.slice(0, NOTIFY_COMMENT_CHARS - 1).trimEnd()}…` : t;
}

/** The UTC hour or day an instant falls in. */
export function digestPeriod(every: Exclude<NotifyDigest, 'none'>, at: string): { start: string; end: string } {
  const ms = PERIOD_MS[every];
  const start = Math.floor(Date.parse(at) / ms) * ms;
  return { start: new Date(start).toISOString(), end: new Date(start + ms).toISOString() };
}

/** The outbox id of a rule's digest of a period: one row, hence one summary, per rule and period. */
export const digestId = (site: string, rule: string, periodStart: string): string =>
  `digest:${site}:${rule}:${periodStart}`;

/** A digest with one more matching response counted in (a new digest when `current` is null). Pure. */
export function addToDigest(
  current: DigestFacts | null,
  every: Exclude<NotifyDigest, 'none'>,
  alert: AlertFacts,
): DigestFacts {
  const period = digestPeriod(every, alert.at);
  const d: DigestFacts = current ?? {
    rule: alert.rule,
    ruleName: alert.ruleName,
    scale: alert.scale,
    every,
    periodStart: period.start,
    periodEnd: period.end,
    count: 0,
    scored: 0,
    sum: 0,
    bands: { promoter: 0, passive: 0, detractor: 0 },
    comments: [],
  };
  const bands = { ...d.bands };
  if (alert.band) bands[alert.band]++;
  const comments = alert.comment
    ? [
        {
          at: alert.at,
          touchpoint: alert.touchpointName,
          score: alert.score,
          text: alert.comment,
          responseId: alert.responseId,
        },
        ...d.comments,
      ]
    : d.comments;
  return {
    ...d,
    count: d.count + 1,
    scored: d.scored + (alert.score === null ? 0 : 1),
    sum: d.sum + (alert.score ?? 0),
    bands,
    comments: comments.slice(0, DIGEST_COMMENTS),
  };
}

/**
 * A stored notify payload without the digest comments of the given responses (erased or anonymised), or
 * null when it quotes none of them. Counts and bands stay: an aggregate names no one. A comment stored
 * without its response id cannot be told apart, so it goes too. Pure.
 */
export function withoutCommentsOf(payload: NotifyPayload, responses: ReadonlySet<string>): NotifyPayload | null {
  const d = payload.digest;
  if (!d) return null;
  const comments = d.comments.filter((c) => c.responseId !== undefined && !responses.has(c.responseId));
  return comments.length === d.comments.length ? null : { ...payload, digest: { ...d, comments } };
}
