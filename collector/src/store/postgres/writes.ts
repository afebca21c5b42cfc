import type pg from 'pg';
import type { StoredResponse } from '@touchpoint/shared';
import { evaluate, verbatimOf } from '../../closed-loop/evaluate.js';
import { normalAddress, replyIntervalStart } from '../../closed-loop/reply-limits.js';
import { emailKey } from '../../lib/email-key.js';
import { isoAt } from '../../lib/iso-time.js';
import { misuseVerdict } from '../../misuse/verdict.js';
import { countKioskAnswers, kioskPriorAnswers } from './kiosk-answers.js';
import { GroupCommit } from '../group-commit.js';
import type { EventRecord, ResponseRecord, SaveOutcome } from '../store.js';
import { saveEvents } from './events.js';
import { openCases, type CaseOpening } from './cases.js';
import { inTransaction, json } from './db.js';
import type { LoopConfig, PgLoopConfigCache } from './loop-config.js';
import { emailRow, eventRows, insertOutbox, type OutboxRow } from './outbox-insert.js';
import { RollupDeltas } from './rollup-deltas.js';
import { INSERT_RESPONSES, RESPONSE_COLUMNS, type Prepared } from './response-columns.js';
import { toResponse, type ResponseRow } from './rows.js';

/**
 * Everything the PostgreSQL store does when responses and events are saved, in one file: group commit,
 * the multi-row insert, partial → complete merges, the misuse verdict, rollups and the closed loop's
 * cases and outbox rows. The domain decisions are the shared pure functions (misuse/verdict.ts,
 * closed-loop/evaluate.ts, rollups' `contribution`); this file only applies them in one transaction.
 */

/** One write of a caller: a response or an event. */
export type Write = { response: ResponseRecord } | { event: EventRecord };

/** Milliseconds in an hour, for due dates. */
const HOUR_MS = 3_600_000;

/** Options of the write path. */
export interface PgWriteOptions {
  /** group commit window in ms (0 = next event-loop turn) */
  commitWindowMs?: number;
  /** rows that trigger an immediate commit */
  commitMaxRows?: number;
}

/** Orders values for stable comparison: top-level keys sorted, as SQLite's store writes them. */
function stableJson(value: Record<string, unknown>): string {
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) sorted[k] = value[k];
  return JSON.stringify(sorted);
}

/** The normalised answer to the survey's first answered `contact` question, which erasure looks up. */
function contactKey(config: LoopConfig, survey: string, answers: Record<string, unknown>): string | null {
  for (const q of config.surveys.get(survey)?.questions ?? []) {
    const value = answers[q.id];
    if (q.type === 'contact' && typeof value === 'string' && value !== '') return emailKey(value);
  }
  return null;
}

/** The state of one commit's transaction. */
class Batch {
  readonly rollups: RollupDeltas;
  readonly outbox: OutboxRow[] = [];
  /** cases the rules opened, inserted together at the end (their `case.opened` rows then) */
  readonly cases: CaseOpening[] = [];
  constructor(
    readonly client: pg.PoolClient,
    readonly configs: Map<string, LoopConfig>,
  ) {
    this.rollups = new RollupDeltas((site, survey) => configs.get(site)?.surveys.get(survey));
  }
  config(site: string): LoopConfig {
    return this.configs.get(site) as LoopConfig;
  }
}

/** The group-committed write path of the PostgreSQL store. */
export class PgWrites {
  private readonly committer: GroupCommit<Write, SaveOutcome[]>;

  constructor(
    private readonly pool: pg.Pool,
    private readonly configs: PgLoopConfigCache,
    opts: PgWriteOptions = {},
  ) {
    this.committer = new GroupCommit(
      (groups) => this.commit(groups),
      opts.commitWindowMs ?? 1,
      opts.commitMaxRows ?? 500,
    );
  }

  /** Queues writes for the next commit; resolves once they are committed. */
  submit(writes: Write[]): Promise<SaveOutcome[]> {
    return this.committer.submit(writes);
  }

  /** Commits what is pending and refuses further writes. */
  close(): Promise<void> {
    return this.committer.close();
  }

  /**
   * Every caller's writes in one transaction. Should it fail (one caller's response names an unknown
   * site), each caller is tried again in a transaction of its own, so only the failing one is refused.
   */
  private async commit(groups: Write[][]): Promise<(SaveOutcome[] | Error)[]> {
    try {
      return await this.transaction(groups);
    } catch (err) {
      if (groups.length === 1) throw err;
      const results: (SaveOutcome[] | Error)[] = [];
      for (const group of groups) {
        try {
          results.push((await this.transaction([group]))[0] as SaveOutcome[]);
        } catch (e) {
          results.push(e instanceof Error ? e : new Error(String(e)));
        }
      }
      return results;
    }
  }

  private async transaction(groups: Write[][]): Promise<SaveOutcome[][]> {
    const configs = new Map<string, LoopConfig>();
    for (const w of groups.flat()) {
      const site = 'response' in w ? w.response.site : w.event.site;
      if (!configs.has(site)) configs.set(site, await this.configs.get(site));
      const config = configs.get(site) as LoopConfig;
      if ('response' in w && !config.surveys.has(w.response.survey)) {
        // A survey created within the cache's lifetime: read again rather than save without it.
        this.configs.invalidate(site);
        configs.set(site, await this.configs.get(site));
      }
    }
    return inTransaction(this.pool, async (client) => {
      const batch = new Batch(client, configs);
      const out = groups.map((g) => new Array<SaveOutcome>(g.length));
      const responses: { g: number; i: number; r: ResponseRecord }[] = [];
      const events: { g: number; i: number; e: EventRecord }[] = [];
      groups.forEach((group, g) =>
        group.forEach((w, i) =>
          'response' in w ? responses.push({ g, i, r: w.response }) : events.push({ g, i, e: w.event }),
        ),
      );
      for (const [k, outcome] of (
        await this.saveResponses(
          batch,
          responses.map((x) => x.r),
        )
      ).entries()) {
        const x = responses[k] as (typeof responses)[number];
        (out[x.g] as SaveOutcome[])[x.i] = outcome;
      }
      for (const [k, outcome] of (
        await saveEvents(
          batch.client,
          batch.rollups,
          events.map((x) => x.e),
        )
      ).entries()) {
        const x = events[k] as (typeof events)[number];
        (out[x.g] as SaveOutcome[])[x.i] = outcome;
      }
      await batch.rollups.flush(client);
      const now = isoAt(Date.now());
      for (const opened of await openCases(client, batch.cases, now)) {
        const config = batch.config(opened.site);
        batch.outbox.push(...eventRows(config, opened.site, 'case.opened', { case: opened }, opened.response, now));
      }
      await insertOutbox(client, batch.outbox);
      return out;
    });
  }

  /** Inserts every new id with one statement; repeats and completions are merged one by one after it. */
  private async saveResponses(batch: Batch, records: ResponseRecord[]): Promise<SaveOutcome[]> {
    if (records.length === 0) return [];
    const firsts = new Map<string, number>();
    records.forEach((r, k) => firsts.has(r.id) || firsts.set(r.id, k));
    const prepared = await this.prepare(batch, records, firsts);
    const params = RESPONSE_COLUMNS.map(([, , value]) => prepared.map(value));
    const inserted = new Set(
      (await batch.client.query<{ id: string }>(INSERT_RESPONSES, params)).rows.map((row) => row.id),
    );
    const outcomes = new Array<SaveOutcome>(records.length);
    for (const p of prepared) {
      if (!inserted.has(p.r.id)) continue;
      batch.rollups.add({ ...toSource(p.r), flagged: p.verdict.flagged }, 1);
      // A flagged response (a tap burst) opens no case and sends no reply.
      if (!p.verdict.flagged) await this.onResponseSaved(batch, null, p.r);
      outcomes[firsts.get(p.r.id) as number] = { id: p.r.id, status: 'created' };
    }
    for (const [k, r] of records.entries()) {
      if (!outcomes[k]) outcomes[k] = await this.saveAgain(batch, r);
    }
    return outcomes;
  }

  /**
   * The misuse verdict and contact key of each first occurrence of an id. A kiosk's earlier answers are
   * those stored already plus those earlier in this batch; one query per kiosk fetches the stored ones.
   */
  private async prepare(batch: Batch, records: ResponseRecord[], firsts: Map<string, number>): Promise<Prepared[]> {
    const priorOf = await kioskPriorAnswers(
      batch.client,
      [...firsts.values()].map((k) => records[k] as ResponseRecord),
    );
    const out: Prepared[] = [];
    for (const k of firsts.values()) {
      const r = records[k] as ResponseRecord;
      const verdict = misuseVerdict({
        answered: Object.keys(r.answers).length,
        durationMs: r.durationMs,
        kioskPriorAnswers: priorOf(r),
        clientBurst: r.clientBurst === true,
      });
      out.push({ r, verdict, contactKey: contactKey(batch.config(r.site), r.survey, r.answers) });
    }
    return out;
  }

  /** A response whose id is stored already: a conflict, a repeat, or more answers to merge. */
  private async saveAgain(batch: Batch, r: ResponseRecord): Promise<SaveOutcome> {
    const { client } = batch;
    const { rows } = await client.query<ResponseRow>('SELECT * FROM responses WHERE id = $1 FOR UPDATE', [r.id]);
    const existing = rows[0];
    // Deleted between the insert and this read: the client's retry stores it anew.
    if (!existing) throw new Error(`response ${r.id} was deleted while it was being saved`);
    if (existing.site !== r.site || existing.survey !== r.survey) return { id: r.id, status: 'conflict' };
    // A complete response is final: a retry, or a stale partial arriving late, changes nothing.
    if (!existing.partial) return { id: r.id, status: 'duplicate' };
    const before = existing.answers as Record<string, unknown>;
    const merged = { ...before, ...r.answers };
    const vars = { ...existing.vars, ...r.vars };
    if (
      stableJson(merged) === stableJson(before) &&
      stableJson(vars) === stableJson(existing.vars) &&
      r.partial === existing.partial
    ) {
      return { id: r.id, status: 'duplicate' };
    }
    // The completed response is judged as a whole, with the duration its last send measured.
    const prior =
      existing.kiosk && !r.partial
        ? await countKioskAnswers(client, existing.site, existing.kiosk, existing.created_at, r.id)
        : null;
    const verdict = misuseVerdict({
      answered: Object.keys(merged).length,
      durationMs: r.durationMs ?? null,
      kioskPriorAnswers: prior,
      clientBurst: r.clientBurst ?? false,
    });
    const { rows: updated } = await client.query<ResponseRow>(
      `UPDATE responses SET answers = $2, partial = $3, vars = $4, updated_at = $5, flagged = $6, flag_reason = $7,
        respondent_id = coalesce(respondent_id, $8), respondent_email = coalesce(respondent_email, $9),
        email_key = coalesce(email_key, $10), contact_key = $11
      WHERE id = $1 RETURNING *`,
      [
        r.id,
        json(merged),
        r.partial,
        json(vars),
        r.receivedAt,
        verdict.flagged === 1,
        verdict.reason,
        r.respondentId,
        r.respondentEmail,
        r.respondentEmail === null ? null : emailKey(r.respondentEmail),
        contactKey(batch.config(existing.site), existing.survey, merged),
      ],
    );
    const after = toResponse(updated[0] as ResponseRow);
    batch.rollups.add({ ...toSource(toResponse(existing)), flagged: existing.flagged }, -1);
    batch.rollups.add({ ...toSource(after), flagged: verdict.flagged }, 1);
    if (!verdict.flagged) await this.onResponseSaved(batch, { partial: existing.partial }, after);
    return { id: r.id, status: 'updated' };
  }

  /**
   * The closed loop after a response row was created (`before` null) or merged: `response.created` for a
   * new row, and when the response is complete for the first time `response.completed` and its rules.
   */
  private async onResponseSaved(
    batch: Batch,
    before: { partial: boolean } | null,
    after: ResponseRecord | StoredResponse,
  ): Promise<void> {
    const site = after.site;
    const config = batch.config(site);
    const now = isoAt(Date.now());
    const data = { response: after };
    if (before === null) batch.outbox.push(...eventRows(config, site, 'response.created', data, after.id, now));
    if (after.partial || (before !== null && !before.partial)) return;
    batch.outbox.push(...eventRows(config, site, 'response.completed', data, after.id, now));
    const survey = config.surveys.get(after.survey);
    const plan = evaluate({
      response: after,
      survey,
      touchpointName: config.touchpoints.get(after.touchpoint) ?? after.touchpoint,
      rules: config.rules,
    });
    // One reply per address per site in the interval: rows of this batch count, and so do stored ones.
    if (plan.reply && !(await this.repliedTo(batch, site, normalAddress(plan.reply.to), replyIntervalStart(now)))) {
      const { to, subject, text } = plan.reply;
      batch.outbox.push(emailRow(site, after.id, { to, subject, text }, now));
    }
    if (plan.openCase) {
      const score = plan.openCase.score;
      batch.cases.push({
        site,
        responseId: after.id,
        touchpoint: after.touchpoint,
        score: score?.value ?? null,
        band: score?.band ?? null,
        verbatim: verbatimOf(after, survey),
        contact: plan.reply?.to ?? null,
        openedAt: now,
        dueAt: new Date(Date.parse(now) + config.slaHours * HOUR_MS).toISOString(),
      });
    }
    for (const w of plan.webhooks) {
      batch.outbox.push(
        ...eventRows(config, site, 'rule.matched', { rule: w.rule, response: after }, after.id, now, w.endpoint),
      );
    }
  }

  /** Whether an e-mail to `address` (normalised) was queued for the site since `since`, in this batch or before. */
  private async repliedTo(batch: Batch, site: string, address: string, since: string): Promise<boolean> {
    if (batch.outbox.some((o) => o.kind === 'email' && o.site === site && normalAddress(o.target) === address)) {
      return true;
    }
    const { rowCount } = await batch.client.query(
      `SELECT 1 FROM outbox WHERE site = $1 AND kind = 'email' AND lower(target) = $2 AND created_at >= $3 LIMIT 1`,
      [site, address, since],
    );
    return (rowCount ?? 0) > 0;
  }
}

/** The columns of a response that decide its rollup contribution. */
function toSource(r: ResponseRecord | StoredResponse) {
  const { site, survey, touchpoint, channel, trigger, answers } = r;
  return { site, survey, touchpoint, channel, trigger, created_at: r.createdAt, answers };
}
