import type { EmergingQuery } from '@touchpoint/shared';
import type { EmergingView } from './insight-store.js';
import { windowOf, type InsightSegment } from './insight-views.js';

/**
 * Emerging themes computed once, read fast (issue #15). Clustering a site's unmatched comments takes about a
 * second of CPU at 1M responses, so each request's result is stored (migration 022_insight_emerging_results)
 * and read back while the site's analysed comments moved by fewer than EMERGING_REFRESH_COMMENTS; past that a
 * read computes it again, and the insight worker's tick refreshes results still being read before anyone asks.
 * A stored result is exactly what the computation gave for the data of its `computedAt`. Edits of the
 * taxonomy or roster delete a site's results (the stores' saveConfig), so a promoted term leaves the list as
 * soon as the analyses say so; a deleted or erased response takes the results quoting it with it (triggers).
 */

/** Analysed comments added or removed on a site before its stored results are computed again. */
export const EMERGING_REFRESH_COMMENTS = 50;
/** A stored result not read for this long is no longer refreshed, and is deleted. */
export const EMERGING_KEEP_MS = 24 * 3_600_000;
/** Stored results the worker refreshes per tick at most: each is a second of CPU at 1M responses. */
export const EMERGING_REFRESH_PER_TICK = 1;
/** A read records itself (read_at) at most this often, so reads rarely write. */
const TOUCH_MS = 3_600_000;

/** A stored result as its store reads it back. */
export interface StoredEmerging {
  view: EmergingView;
  /** the site's analysed comments when it was computed */
  comments: number;
  readAt: string;
}

/** What a store keeps for stored emerging results: its SQL, no policy. */
export interface EmergingResults {
  /** The emerging-themes computation itself, on the data as it is now. */
  compute(
    site: string,
    q: EmergingQuery,
    segment: InsightSegment | undefined,
  ): Promise<Omit<EmergingView, 'computedAt'>>;
  /** The site's analysed comments now (from the rollups: every analysed response with a text). */
  comments(site: string): Promise<number>;
  stored(site: string, key: string): Promise<StoredEmerging | null>;
  /** Stores (or replaces) a result; `examples` are the response ids it quotes. */
  save(site: string, key: string, comments: number, view: EmergingView, examples: string[]): Promise<void>;
  touch(site: string, key: string, readAt: string): Promise<void>;
  /** Stored results read since `since`, with the comments they were computed at. */
  recent(since: string): Promise<{ site: string; key: string; comments: number }[]>;
  /** Deletes results not read since `before`. */
  prune(before: string): Promise<void>;
}

/** A request as stored: its resolved window, store, segment and tuning, in a fixed order. */
export function emergingKey(q: EmergingQuery, segment: InsightSegment | undefined, now = new Date()): string {
  const { from, to } = windowOf(q, now);
  return JSON.stringify([
    from,
    to,
    q.touchpoint ?? null,
    q.minCount,
    q.limit,
    segment?.channel ?? null,
    [...(segment?.vars ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ]);
}

/** The request a key stands for (the worker's refresh). */
function requestOf(key: string): { q: EmergingQuery; segment: InsightSegment | undefined } {
  const [from, to, touchpoint, minCount, limit, channel, vars] = JSON.parse(key) as [
    string,
    string,
    string | null,
    number,
    number,
    string | null,
    [string, string][],
  ];
  const q: EmergingQuery = { from, to, minCount, limit, ...(touchpoint === null ? {} : { touchpoint }) };
  const segment =
    channel === null && vars.length === 0 ? undefined : { vars, ...(channel === null ? {} : { channel }) };
  return { q, segment };
}

const moved = (now: number, then: number) => Math.abs(now - then) >= EMERGING_REFRESH_COMMENTS;

async function computeAndSave(
  r: EmergingResults,
  site: string,
  key: string,
  q: EmergingQuery,
  segment: InsightSegment | undefined,
  comments: number,
  now: Date,
): Promise<EmergingView> {
  const view = { ...(await r.compute(site, q, segment)), computedAt: now.toISOString() };
  const examples = view.clusters.flatMap((c) => c.examples.map((e) => e.responseId));
  await r.save(site, key, comments, view, [...new Set(examples)]);
  return view;
}

/** GET …/insights/emerging: the stored result while it is fresh, else computed now and stored. */
export async function readEmerging(
  r: EmergingResults,
  site: string,
  q: EmergingQuery,
  segment: InsightSegment | undefined,
  now = new Date(),
): Promise<EmergingView> {
  const key = emergingKey(q, segment, now);
  const comments = await r.comments(site);
  const stored = await r.stored(site, key);
  if (stored && !moved(comments, stored.comments)) {
    if (now.getTime() - Date.parse(stored.readAt) >= TOUCH_MS) await r.touch(site, key, now.toISOString());
    return stored.view;
  }
  // Counted before the computation: comments analysed meanwhile make the next read look again.
  const { q: resolved } = requestOf(key);
  return computeAndSave(r, site, key, { ...q, ...resolved }, segment, comments, now);
}

/**
 * The worker's tick: computes again up to EMERGING_REFRESH_PER_TICK stored results that were read in the last
 * EMERGING_KEEP_MS and whose site's comments moved since, and deletes those no longer read. Returns how many.
 */
export async function refreshEmerging(r: EmergingResults, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - EMERGING_KEEP_MS).toISOString();
  await r.prune(since);
  const counts = new Map<string, number>();
  let refreshed = 0;
  for (const s of await r.recent(since)) {
    if (refreshed >= EMERGING_REFRESH_PER_TICK) break;
    const comments = counts.get(s.site) ?? (await r.comments(s.site));
    counts.set(s.site, comments);
    if (!moved(comments, s.comments)) continue;
    const { q, segment } = requestOf(s.key);
    await computeAndSave(r, s.site, s.key, q, segment, comments, now);
    refreshed++;
  }
  return refreshed;
}
