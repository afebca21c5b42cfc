import type pg from 'pg';
import { isoAt } from '../../lib/iso-time.js';
import { webhookPayload, type CaseOpening, type LoopStep } from '../plan/closed-loop.js';
import { kioskWindow } from '../plan/misuse.js';
import { rollupDeltas } from '../plan/rollup-contribution.js';
import { NO_TYPE_HISTORY } from '../plan/type-at-arrival.js';
import { planNewRow, planResponse, type NewResponse, type PlannedRow } from '../plan/response-plan.js';
import { GroupCommit } from '../group-commit.js';
import type { SiteCache, SiteSnapshot } from '../site-cache.js';
import type { EventRecord, ResponseRecord, SaveOutcome } from '../store.js';
import type { CommitResults, Write } from '../write-wire.js';
import { openCases } from './cases.js';
import { inTransaction, json, preparing, together, unavailable } from './db.js';
import { saveEvents } from './events.js';
import { batchKioskAnswers, flagBursts, nearKioskAnswers, type BatchKioskAnswers } from './kiosk-answers.js';
import { alertRow, countIntoDigests, type NotifyStep } from './notify-outbox.js';
import { emailRow, insertOutbox, repliedTo, type OutboxRow } from './outbox-insert.js';
import { INSERT_RESPONSES, RESPONSE_COLUMNS } from './response-columns.js';
import { RollupDeltas } from './rollup-deltas.js';
import { pgPairScopes } from './variable-rollups.js';
import { EVERY_PAIR, type PairScope } from '../plan/variable-rollup.js';
import { lockSiteZones } from './site-zones.js';
import { PgWeekHorizon } from './week-tier.js';
import { DEFAULT_TIME_ZONE } from '../../scoring/time-zone.js';
import { toResponse, type ResponseRow } from './rows.js';

/**
 * The group-committed write path of the PostgreSQL store. What a save does is decided by the write plan
 * (store/plan: misuse verdict, rollup deltas, closed-loop steps); this file only applies plans, many per
 * transaction: one multi-row insert for the new ids, rollups summed and upserted once, cases and outbox
 * rows inserted together at the end.
 */

export type { Write } from '../write-wire.js';

/** Options of the write path. */
export interface PgWriteOptions {
  /** group commit window in ms (0 = next event-loop turn) */
  commitWindowMs?: number;
  /** rows that trigger an immediate commit */
  commitMaxRows?: number;
}

/** Default group commit window: long enough to gather concurrent requests, short against latency. */
const COMMIT_WINDOW_MS = 1;
/** Default rows per commit: a multi-row insert of this size still plans and runs in a few ms. */
const COMMIT_MAX_ROWS = 500;
/**
 * Commits the main thread may have sent to the writer thread (writer-thread.ts) and not yet heard back about:
 * the thread joins whatever queued while its last transaction ran into its next one.
 */
const THREAD_IN_FLIGHT = 4;

/** The state of one commit's transaction. */
class Batch {
  readonly rollups = new RollupDeltas();
  readonly outbox: OutboxRow[] = [];
  /** cases the plans open, inserted together at the end (their `case.opened` rows then) */
  readonly cases: { opening: CaseOpening; notify: readonly string[] }[] = [];
  /** chat notifications, queued once the cases are open (an alert links to the case its save opened) */
  readonly notify: NotifyStep[] = [];
  constructor(
    readonly client: pg.PoolClient,
    readonly sites: Map<string, SiteSnapshot | null>,
    readonly now: string,
    /** the variables each site's pairwise rollups cross (pgPairScopes); a site not there: every one */
    private readonly pairScopes: ReadonlyMap<string, PairScope> = new Map(),
  ) {}
  site(key: string): SiteSnapshot | null {
    return this.sites.get(key) ?? null;
  }
  pairs(key: string): PairScope {
    return this.pairScopes.get(key) ?? EVERY_PAIR;
  }
}

export class PgWrites {
  private readonly committer: GroupCommit<Write, SaveOutcome[]>;
  private readonly weeks: PgWeekHorizon;

  /**
   * `thread`: where the group commits run instead of here (the writer thread's `commit`, writer-thread.ts);
   * this instance then only batches, and applies the insight worker's loop steps (`applyLoopSteps`).
   */
  constructor(
    private readonly pool: pg.Pool,
    private readonly sites: SiteCache,
    opts: PgWriteOptions = {},
    thread?: (groups: Write[][]) => Promise<CommitResults>,
  ) {
    this.weeks = new PgWeekHorizon(pool);
    this.committer = new GroupCommit(
      thread ?? ((groups) => this.commit(groups)),
      opts.commitWindowMs ?? COMMIT_WINDOW_MS,
      opts.commitMaxRows ?? COMMIT_MAX_ROWS,
      thread ? THREAD_IN_FLIGHT : 1,
    );
  }

  /** Queues writes for the next commit; resolves once they are committed. */
  submit(writes: Write[]): Promise<SaveOutcome[]> {
    return this.committer.submit(writes);
  }

  /** Writes waiting for their commit lately (GroupCommit.backlog). */
  backlog(): number {
    return this.committer.backlog();
  }

  /** Commits what is pending and refuses further writes. */
  async close(): Promise<void> {
    await this.committer.close();
    await this.weeks.settled();
  }

  /**
   * Every caller's writes in one transaction (on the writer thread, writer-worker.ts, what queued there while
   * the last one ran). Should it fail (one caller's response names an unknown
   * site), each caller is tried again in a transaction of its own, so only the failing one is refused.
   * An unreachable server fails them all at once (StoreUnavailableError).
   */
  async commit(groups: Write[][]): Promise<CommitResults> {
    // Week rollups (migration 032): as weeks end, a collector that writes moves their horizon on.
    this.weeks.advanceSoon();
    try {
      return await this.transaction(groups).catch((err: unknown) => {
        // Its rows went in planned with a site whose zone has changed since: again, planned after the read.
        if (err instanceof ZoneChanged) return this.transaction(groups, false);
        throw err;
      });
    } catch (err) {
      if (groups.length === 1 || unavailable(err)) throw unavailable(err) ?? err;
      const results: (SaveOutcome[] | Error)[] = [];
      for (const group of groups) {
        try {
          results.push((await this.transaction([group], false))[0] as SaveOutcome[]);
        } catch (e) {
          results.push(unavailable(e) ?? (e instanceof Error ? e : new Error(String(e))));
        }
      }
      return results;
    }
  }

  /** The sites of a batch from the site cache; a site without a survey a response names is read again. */
  private async loadSites(writes: Write[]): Promise<Map<string, SiteSnapshot | null>> {
    const sites = new Map<string, SiteSnapshot | null>();
    for (const w of writes) {
      const key = 'response' in w ? w.response.site : w.event.site;
      if (!sites.has(key)) sites.set(key, await this.sites.get(key));
      const site = sites.get(key);
      if ('response' in w && site && !site.surveys.has(w.response.survey)) {
        // A survey created within the cache's lifetime (by another collector): read again, not save without it.
        this.sites.invalidate(key);
        sites.set(key, await this.sites.get(key));
      }
    }
    return sites;
  }

  /**
   * One transaction of `groups`. `early`: a batch without kiosk answers inserts its new rows with BEGIN and the
   * reads the rest of its plans need (one round trip less); a row depends on the record and the site's question
   * types only, not on what is read with it. Any other batch reads its kiosks' stored answers there instead.
   * Should a site's zone have changed since the cache read it, that transaction is rolled back (ZoneChanged) and
   * the batch runs again with its rows planned after the read.
   */
  private async transaction(groups: Write[][], early = true): Promise<SaveOutcome[][]> {
    const sites = await this.loadSites(groups.flat());
    const records = uniqueRecords(groups);
    const planned =
      early &&
      records.length > 0 &&
      records.every((r) => kioskWindow({ ...r, durationMs: null, clientBurst: false }) === null)
        ? new Map(records.map((r) => [r.id, planNewRow(r, NO_KIOSK_ANSWERS, sites.get(r.site) ?? null)]))
        : null;
    return inTransaction(this.pool, async (raw, last) => {
      const client = preparing(raw);
      const keys = [...sites.keys()];
      // The zones first: their statement takes the locks this write holds against edits and the week horizon.
      // Then the rows planned already, or else the kiosks' stored answers their misuse verdicts need.
      const [zones, scopes, inserted, kiosks] = await together(
        client,
        () => lockSiteZones(client, keys),
        () => pgPairScopes(client, keys),
        () =>
          planned
            ? insertRows(
                client,
                [...planned.values()].map((p) => p.row),
              ).then((ids) => ({ ids, planned }))
            : Promise.resolve(null),
        () => (planned ? Promise.resolve(null) : batchKioskAnswers(client, records)),
      );
      // A zone changed since the cache read a site (here or on another collector): plan with the new one.
      for (const [key, snapshot] of sites) {
        if (snapshot && snapshot.timeZone !== zones.get(key)) {
          this.sites.invalidate(key);
          if (inserted) throw new ZoneChanged();
          sites.set(key, await this.sites.get(key));
        }
      }
      const batch = new Batch(client, sites, isoAt(Date.now()), scopes);
      const out = groups.map((g) => new Array<SaveOutcome>(g.length));
      const responses: { g: number; i: number; r: ResponseRecord }[] = [];
      const events: { g: number; i: number; e: EventRecord }[] = [];
      groups.forEach((group, g) =>
        group.forEach((w, i) =>
          'response' in w ? responses.push({ g, i, r: w.response }) : events.push({ g, i, e: w.event }),
        ),
      );
      const saved = await this.saveResponses(
        batch,
        responses.map((x) => x.r),
        inserted,
        kiosks,
      );
      saved.forEach((outcome, k) => {
        const x = responses[k] as (typeof responses)[number];
        (out[x.g] as SaveOutcome[])[x.i] = outcome;
      });
      const stored = await saveEvents(
        client,
        batch.rollups,
        events.map((x) => x.e),
        (site) => batch.site(site)?.timeZone ?? DEFAULT_TIME_ZONE,
      );
      stored.forEach((outcome, k) => {
        const x = events[k] as (typeof events)[number];
        (out[x.g] as SaveOutcome[])[x.i] = outcome;
      });
      await together(
        client,
        // Its week rows summed here, not by a trigger call per row; the variables' upserts go out with the COMMIT.
        () => batch.rollups.flush(client, true, last),
        () => this.openCases(batch),
      );
      await countIntoDigests(client, batch.notify, batch.now);
      await insertOutbox(client, batch.outbox);
      return out;
    });
  }

  /**
   * Applies closed-loop steps decided outside a save (the rules on themes, insights/recording.ts) in the
   * caller's transaction: outbox rows, cases and chat notifications as a save's own.
   */
  async applyLoopSteps(
    client: pg.PoolClient,
    items: readonly { site: string; responseId: string; steps: readonly LoopStep[] }[],
    now: string,
  ): Promise<void> {
    if (items.length === 0) return;
    const batch = new Batch(client, new Map(), now);
    for (const i of items) await this.applyLoop(batch, i.site, i.responseId, i.steps);
    await this.openCases(batch);
    await countIntoDigests(client, batch.notify, batch.now);
    await insertOutbox(client, batch.outbox);
  }

  /**
   * Inserts every new id with one statement (unless `early`: the rows inserted already, and the ids that went
   * in); repeats and completions are planned again one by one after it. `read`: the kiosks' answers near
   * `records`, read already.
   */
  private async saveResponses(
    batch: Batch,
    records: ResponseRecord[],
    early: { ids: ReadonlySet<string>; planned: ReadonlyMap<string, PlannedRow> } | null,
    read: BatchKioskAnswers | null,
  ): Promise<SaveOutcome[]> {
    if (records.length === 0) return [];
    const firsts = new Map<string, number>();
    records.forEach((r, k) => firsts.has(r.id) || firsts.set(r.id, k));
    const unique = [...firsts.values()].map((k) => records[k] as ResponseRecord);
    // A kiosk's answers near each one: those stored already (one query per kiosk) plus those planned before it.
    const kiosks = read ?? (await batchKioskAnswers(batch.client, unique));
    const plans = unique.map((r) => {
      const recent = kiosks.port(r);
      const plan = planResponse({
        record: r,
        existing: null,
        recent,
        site: batch.site(r.site),
        now: batch.now,
        pairs: batch.pairs(r.site),
        planned: early?.planned.get(r.id),
      });
      if (plan.kind !== 'insert') throw new Error(`no insert planned for new response ${r.id}`);
      kiosks.planned(r, plan.row.flagged, plan.burstsAfter);
      return plan;
    });
    const inserted =
      early?.ids ??
      (await insertRows(
        batch.client,
        plans.map((p) => p.row),
      ));
    const outcomes = new Array<SaveOutcome>(records.length);
    for (const plan of plans) {
      const r = plan.row.record;
      if (!inserted.has(r.id)) continue;
      batch.rollups.stage(plan.rollups);
      await this.applyLoop(batch, r.site, r.id, plan.loop);
      outcomes[firsts.get(r.id) as number] = { id: r.id, status: 'created' };
    }
    await this.flagBursts(
      batch,
      plans.filter((p) => inserted.has(p.row.record.id)).flatMap((p) => p.burstsAfter),
    );
    for (const [k, r] of records.entries()) {
      if (!outcomes[k]) outcomes[k] = await this.saveAgain(batch, r);
    }
    return outcomes;
  }

  /** A response whose id is stored already: planned again with the stored row (a conflict, a repeat, a merge). */
  private async saveAgain(batch: Batch, r: ResponseRecord): Promise<SaveOutcome> {
    const { client } = batch;
    const { rows } = await client.query<ResponseRow>('SELECT * FROM responses WHERE id = $1 FOR UPDATE', [r.id]);
    // Deleted between the insert and this read: the client's retry stores it anew.
    if (!rows[0]) throw new Error(`response ${r.id} was deleted while it was being saved`);
    const existing = toResponse(rows[0]);
    // The kiosk's answers near the merged response, read only when a merge may need them.
    const window = existing.partial
      ? kioskWindow({ ...existing, id: r.id, partial: r.partial, durationMs: null, clientBurst: false })
      : null;
    const near = window ? await nearKioskAnswers(client, window) : [];
    const plan = planResponse({
      record: r,
      existing,
      recent: { near: () => near },
      site: batch.site(r.site),
      now: batch.now,
      pairs: batch.pairs(r.site),
    });
    if (plan.kind === 'none') return plan.outcome;
    if (plan.kind !== 'merge') return { id: r.id, status: 'conflict' };
    const m = plan.merge;
    await client.query(
      `UPDATE responses SET answers = $2, partial = $3, vars = $4, updated_at = $5, flagged = $6, flag_reason = $7,
        respondent_id = coalesce(respondent_id, $8), respondent_email = coalesce(respondent_email, $9),
        email_key = coalesce(email_key, $10), contact_key = $11
      WHERE id = $1`,
      [
        m.id,
        json(m.answers),
        m.partial,
        json(m.vars),
        m.updatedAt,
        m.flagged,
        m.flagReason,
        m.respondentId,
        m.respondentEmail,
        m.emailKey,
        m.contactKey,
      ],
    );
    batch.rollups.stage(plan.rollups);
    await this.flagBursts(batch, plan.burstsAfter);
    await this.applyLoop(batch, r.site, r.id, plan.loop);
    return { id: r.id, status: 'updated' };
  }

  /** Flags the plans' `burstsAfter` (kiosk-answers.ts), taking them out of the rollups. */
  private async flagBursts(batch: Batch, ids: readonly string[]): Promise<void> {
    for (const row of await flagBursts(batch.client, ids)) {
      const site = batch.site(row.site);
      const zone = site?.timeZone ?? DEFAULT_TIME_ZONE;
      batch.rollups.stage(rollupDeltas(row, -1, site ?? NO_TYPE_HISTORY, zone, batch.pairs(row.site)));
    }
  }

  /** Applies a plan's closed-loop steps: outbox rows now, cases at the end of the batch (`openCases`). */
  private async applyLoop(batch: Batch, site: string, responseId: string, steps: readonly LoopStep[]) {
    const at = batch.now;
    for (const step of steps) {
      switch (step.kind) {
        case 'webhook':
          for (const target of step.targets) {
            const { event, payload } = step;
            batch.outbox.push({ site, responseId, kind: 'webhook', event, target, payload, at });
          }
          break;
        case 'reply':
          if (!(await repliedTo(batch.client, batch.outbox, site, step.address, step.since)))
            batch.outbox.push(emailRow(site, responseId, step.mail, at));
          break;
        case 'case':
          batch.cases.push({ opening: step.opening, notify: step.notify });
          break;
        case 'notify':
          batch.notify.push({ site, responseId, ...step });
          break;
      }
    }
  }

  /** Opens the batch's cases with one insert; each one opened (not there already) queues `case.opened`. */
  private async openCases(batch: Batch): Promise<void> {
    const notify = new Map(batch.cases.map((c) => [c.opening.responseId, c.notify]));
    const opened = await openCases(
      batch.client,
      batch.cases.map((c) => c.opening),
      batch.now,
    );
    const caseOf = new Map(opened.map((c) => [c.response, c.id]));
    for (const n of batch.notify) {
      if (n.digest === 'none') batch.outbox.push(alertRow(n, caseOf.get(n.responseId) ?? null, batch.now));
    }
    for (const c of opened) {
      const targets = notify.get(c.response) ?? [];
      if (targets.length === 0) continue;
      const payload = webhookPayload(c.site, 'case.opened', { case: c }, batch.now);
      for (const target of targets) {
        batch.outbox.push({
          site: c.site,
          responseId: c.response,
          kind: 'webhook',
          event: 'case.opened',
          target,
          payload,
          at: batch.now,
        });
      }
    }
  }
}

/** A batch's transaction ran with rows planned with a site whose zone has changed: it runs again (PgWrites.commit). */
class ZoneChanged extends Error {
  constructor() {
    super("a site's time zone changed while its responses were being saved");
  }
}

/** No kiosk's answers: what the misuse verdict of a response that is not a kiosk's complete answer reads. */
const NO_KIOSK_ANSWERS = { near: () => [] };

/** The responses of a commit's groups, each id once (its first), as `saveResponses` inserts them. */
function uniqueRecords(groups: readonly Write[][]): ResponseRecord[] {
  const seen = new Map<string, ResponseRecord>();
  for (const group of groups)
    for (const w of group) if ('response' in w && !seen.has(w.response.id)) seen.set(w.response.id, w.response);
  return [...seen.values()];
}

/** Inserts new response rows with one statement (ON CONFLICT DO NOTHING); the ids that went in. */
async function insertRows(client: pg.PoolClient, rows: readonly NewResponse[]): Promise<Set<string>> {
  const params = RESPONSE_COLUMNS.map(([, , value]) => rows.map(value));
  return new Set((await client.query<{ id: string }>(INSERT_RESPONSES, params)).rows.map((row) => row.id));
}
