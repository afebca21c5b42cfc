import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { ReceiptKey } from '@touchpoint/shared';
import type { ReceiptSecret } from '../../receipts/token.js';
import {
  DEFAULT_VALIDITY_DAYS,
  type ReceiptRateRow,
  type ReceiptResponse,
  type ReceiptScan,
  type ReceiptSettings,
  type ReceiptStore,
} from '../receipt-store.js';
import { unavailable } from './db.js';

interface ScanRow {
  site: string;
  response_id: string;
  touchpoint: string;
  till: string | null;
  txn: string;
  issued_at: string;
  valid_until: string;
  first_scan_at: string;
}

/**
 * The PostgreSQL ReceiptStore: the tables of migration 012 on the store's pool. Each verb is one statement
 * (an upsert where two collectors may race), so it needs no transaction of its own.
 */
export class PgReceipts implements ReceiptStore {
  constructor(private readonly pool: pg.Pool) {}

  private async query<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(sql, params).catch((err: unknown) => {
      throw unavailable(err) ?? err;
    });
  }

  async settings(site: string): Promise<ReceiptSettings> {
    // Two collectors creating a site's settings at once: one INSERT wins, both read its salt.
    await this.query(
      'INSERT INTO receipt_settings (site, id_salt, validity_days) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [site, randomBytes(32).toString('base64url'), DEFAULT_VALIDITY_DAYS],
    );
    const { rows } = await this.query<{ id_salt: string; validity_days: number; public_score: boolean }>(
      'SELECT id_salt, validity_days, public_score FROM receipt_settings WHERE site = $1',
      [site],
    );
    const row = rows[0];
    if (!row) throw new Error(`receipt settings of site "${site}" are missing (is the site deleted?)`);
    return { idSalt: row.id_salt, validityDays: row.validity_days, publicScore: row.public_score };
  }

  async updateSettings(site: string, change: Partial<Omit<ReceiptSettings, 'idSalt'>>): Promise<ReceiptSettings> {
    await this.settings(site);
    // COALESCE: a field the change leaves out keeps its value, in the same statement (no read-modify-write).
    await this.query(
      `UPDATE receipt_settings SET validity_days = COALESCE($2, validity_days), public_score = COALESCE($3, public_score)
      WHERE site = $1`,
      [site, change.validityDays ?? null, change.publicScore ?? null],
    );
    return this.settings(site);
  }

  async secrets(site: string): Promise<ReceiptSecret[]> {
    const { rows } = await this.query<ReceiptSecret>(
      'SELECT kid, secret FROM receipt_keys WHERE site = $1 ORDER BY created_at, kid',
      [site],
    );
    return rows;
  }

  async listKeys(site: string): Promise<ReceiptKey[]> {
    const { rows } = await this.query<ReceiptKey>(
      'SELECT kid, created_at AS "createdAt" FROM receipt_keys WHERE site = $1 ORDER BY created_at, kid',
      [site],
    );
    return rows;
  }

  async addKey(site: string, kid: string, secret: string, at: string): Promise<boolean> {
    const r = await this.query(
      'INSERT INTO receipt_keys (site, kid, secret, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [site, kid, secret, at],
    );
    return r.rowCount === 1;
  }

  async removeKey(site: string, kid: string): Promise<boolean> {
    const r = await this.query('DELETE FROM receipt_keys WHERE site = $1 AND kid = $2', [site, kid]);
    return r.rowCount === 1;
  }

  async recordScan(s: ReceiptScan): Promise<void> {
    await this.query(
      `INSERT INTO receipt_scans (site, response_id, touchpoint, till, txn, issued_at, valid_until, first_scan_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      ON CONFLICT (site, response_id) DO UPDATE SET scans = receipt_scans.scans + 1`,
      [s.site, s.responseId, s.touchpoint, s.till ?? null, s.txn, s.issuedAt, s.validUntil, s.at],
    );
  }

  async scanOf(site: string, responseId: string): Promise<ReceiptScan | null> {
    const { rows } = await this.query<ScanRow>('SELECT * FROM receipt_scans WHERE site = $1 AND response_id = $2', [
      site,
      responseId,
    ]);
    const r = rows[0];
    if (!r) return null;
    return {
      site: r.site,
      responseId: r.response_id,
      touchpoint: r.touchpoint,
      till: r.till ?? undefined,
      txn: r.txn,
      issuedAt: r.issued_at,
      validUntil: r.valid_until,
      at: r.first_scan_at,
    };
  }

  async countFailure(site: string, day: string, reason: string): Promise<void> {
    await this.query(
      `INSERT INTO receipt_failures (site, day, reason, count) VALUES ($1, $2, $3, 1)
      ON CONFLICT (site, day, reason) DO UPDATE SET count = receipt_failures.count + 1`,
      [site, day, reason],
    );
  }

  async failures(site: string, from: string, to: string): Promise<Record<string, number>> {
    const { rows } = await this.query<{ reason: string; n: number }>(
      'SELECT reason, sum(count) AS n FROM receipt_failures WHERE site = $1 AND day BETWEEN $2 AND $3 GROUP BY reason',
      [site, from, to],
    );
    return Object.fromEntries(rows.map((r) => [r.reason, r.n]));
  }

  async setIssued(site: string, touchpoint: string, day: string, count: number): Promise<void> {
    await this.query(
      `INSERT INTO receipts_issued (site, touchpoint, day, count) VALUES ($1, $2, $3, $4)
      ON CONFLICT (site, touchpoint, day) DO UPDATE SET count = excluded.count`,
      [site, touchpoint, day, count],
    );
  }

  async rates(site: string, from: string, to: string): Promise<ReceiptRateRow[]> {
    // As on SQLite: verified is a complete response received before its receipt expired, counted on the
    // receipt's issue day (UTC), the day the POS counts it under.
    const { rows } = await this.query<ReceiptRateRow>(
      `WITH issued AS (
        SELECT touchpoint, sum(count) AS n FROM receipts_issued
        WHERE site = $1 AND day BETWEEN $2 AND $3 GROUP BY touchpoint),
      verified AS (
        SELECT s.touchpoint, count(*) AS n FROM receipt_scans s
        JOIN responses r ON r.site = s.site AND r.id = s.response_id
        WHERE s.site = $1 AND substr(s.issued_at, 1, 10) BETWEEN $2 AND $3
          AND NOT r.partial AND r.received_at <= s.valid_until
        GROUP BY s.touchpoint)
      SELECT t.touchpoint, COALESCE(i.n, 0) AS issued, COALESCE(v.n, 0) AS verified
      FROM (SELECT touchpoint FROM issued UNION SELECT touchpoint FROM verified) t
      LEFT JOIN issued i USING (touchpoint) LEFT JOIN verified v USING (touchpoint)
      ORDER BY t.touchpoint`,
      [site, from, to],
    );
    return rows;
  }

  async verifiedAmong(site: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const { rows } = await this.query<{ id: string }>(
      `SELECT r.id FROM receipt_scans s JOIN responses r ON r.site = s.site AND r.id = s.response_id
      WHERE s.site = $1 AND s.response_id = ANY($2::text[]) AND r.received_at <= s.valid_until`,
      [site, ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  async receiptResponses(
    site: string,
    q: { from: string; to: string; touchpoint?: string; limit: number },
  ): Promise<ReceiptResponse[]> {
    const { rows } = await this.query<{
      id: string;
      survey: string;
      touchpoint: string;
      txn: string;
      till: string | null;
      issued_at: string;
      received_at: string;
      partial: boolean;
      flagged: boolean;
      verified: boolean;
      answers: Record<string, unknown>;
    }>(
      `SELECT r.id, r.survey, s.touchpoint, s.txn, s.till, s.issued_at, r.received_at, r.partial, r.flagged,
        r.received_at <= s.valid_until AS verified, r.answers
      FROM receipt_scans s JOIN responses r ON r.site = s.site AND r.id = s.response_id
      WHERE s.site = $1 AND substr(s.issued_at, 1, 10) BETWEEN $2 AND $3 AND ($4::text IS NULL OR s.touchpoint = $4)
      ORDER BY s.issued_at DESC, r.id DESC LIMIT $5`,
      [site, q.from, q.to, q.touchpoint ?? null, q.limit],
    );
    return rows.map((r) => ({
      id: r.id,
      survey: r.survey,
      touchpoint: r.touchpoint,
      txn: r.txn,
      till: r.till,
      issuedAt: r.issued_at,
      receivedAt: r.received_at,
      partial: r.partial,
      flagged: r.flagged,
      verified: r.verified,
      answers: r.answers,
    }));
  }
}
