import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
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

/** The SQLite ReceiptStore: small tables on the store's reading connection (migration 012). */
export class SqliteReceipts implements ReceiptStore {
  constructor(private readonly db: Database) {}

  async settings(site: string): Promise<ReceiptSettings> {
    this.db
      .prepare('INSERT INTO receipt_settings (site, id_salt, validity_days) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
      .run(site, randomBytes(32).toString('base64url'), DEFAULT_VALIDITY_DAYS);
    const row = this.db
      .prepare('SELECT id_salt, validity_days, public_score FROM receipt_settings WHERE site = ?')
      .get(site) as { id_salt: string; validity_days: number; public_score: number };
    return { idSalt: row.id_salt, validityDays: row.validity_days, publicScore: row.public_score === 1 };
  }

  async updateSettings(site: string, change: Partial<Omit<ReceiptSettings, 'idSalt'>>): Promise<ReceiptSettings> {
    const now = await this.settings(site);
    this.db
      .prepare('UPDATE receipt_settings SET validity_days = ?, public_score = ? WHERE site = ?')
      .run(change.validityDays ?? now.validityDays, (change.publicScore ?? now.publicScore) ? 1 : 0, site);
    return this.settings(site);
  }

  async secrets(site: string): Promise<ReceiptSecret[]> {
    return this.db
      .prepare('SELECT kid, secret FROM receipt_keys WHERE site = ? ORDER BY created_at')
      .all(site) as ReceiptSecret[];
  }

  async listKeys(site: string): Promise<ReceiptKey[]> {
    return this.db
      .prepare('SELECT kid, created_at AS createdAt FROM receipt_keys WHERE site = ? ORDER BY created_at')
      .all(site) as ReceiptKey[];
  }

  async addKey(site: string, kid: string, secret: string, at: string): Promise<boolean> {
    return (
      this.db
        .prepare('INSERT INTO receipt_keys (site, kid, secret, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(site, kid, secret, at).changes === 1
    );
  }

  async removeKey(site: string, kid: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM receipt_keys WHERE site = ? AND kid = ?').run(site, kid).changes === 1;
  }

  async recordScan(s: ReceiptScan): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO receipt_scans (site, response_id, touchpoint, till, txn, issued_at, valid_until, first_scan_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (site, response_id) DO UPDATE SET scans = scans + 1`,
      )
      .run(s.site, s.responseId, s.touchpoint, s.till ?? null, s.txn, s.issuedAt, s.validUntil, s.at);
  }

  async scanOf(site: string, responseId: string): Promise<ReceiptScan | null> {
    const r = this.db
      .prepare('SELECT * FROM receipt_scans WHERE site = ? AND response_id = ?')
      .get(site, responseId) as ScanRow | undefined;
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
    this.db
      .prepare(
        `INSERT INTO receipt_failures (site, day, reason, count) VALUES (?, ?, ?, 1)
         ON CONFLICT (site, day, reason) DO UPDATE SET count = count + 1`,
      )
      .run(site, day, reason);
  }

  async failures(site: string, from: string, to: string): Promise<Record<string, number>> {
    const rows = this.db
      .prepare(
        'SELECT reason, SUM(count) AS n FROM receipt_failures WHERE site = ? AND day BETWEEN ? AND ? GROUP BY reason',
      )
      .all(site, from, to) as { reason: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.reason, r.n]));
  }

  async setIssued(site: string, touchpoint: string, day: string, count: number): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO receipts_issued (site, touchpoint, day, count) VALUES (?, ?, ?, ?)
         ON CONFLICT (site, touchpoint, day) DO UPDATE SET count = excluded.count`,
      )
      .run(site, touchpoint, day, count);
  }

  async rates(site: string, from: string, to: string): Promise<ReceiptRateRow[]> {
    // Verified: a complete response received before its receipt expired. Its day is the receipt's issue day
    // (UTC), the day the POS counts it under.
    return this.db
      .prepare(
        `WITH issued AS (
           SELECT touchpoint, SUM(count) AS n FROM receipts_issued
           WHERE site = @site AND day BETWEEN @from AND @to GROUP BY touchpoint),
         verified AS (
           SELECT s.touchpoint, COUNT(*) AS n FROM receipt_scans s
           JOIN responses r ON r.site = s.site AND r.id = s.response_id
           WHERE s.site = @site AND substr(s.issued_at, 1, 10) BETWEEN @from AND @to
             AND r.partial = 0 AND r.received_at <= s.valid_until
           GROUP BY s.touchpoint)
         SELECT t.touchpoint, COALESCE(i.n, 0) AS issued, COALESCE(v.n, 0) AS verified
         FROM (SELECT touchpoint FROM issued UNION SELECT touchpoint FROM verified) t
         LEFT JOIN issued i USING (touchpoint) LEFT JOIN verified v USING (touchpoint)
         ORDER BY t.touchpoint`,
      )
      .all({ site, from, to }) as ReceiptRateRow[];
  }

  async verifiedAmong(site: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = this.db
      .prepare(
        `SELECT r.id FROM receipt_scans s JOIN responses r ON r.site = s.site AND r.id = s.response_id
         WHERE s.site = ? AND s.response_id IN (SELECT value FROM json_each(?)) AND r.received_at <= s.valid_until`,
      )
      .pluck()
      .all(site, JSON.stringify(ids)) as string[];
    return new Set(rows);
  }

  async receiptResponses(
    site: string,
    q: { from: string; to: string; touchpoint?: string; limit: number },
  ): Promise<ReceiptResponse[]> {
    const rows = this.db
      .prepare(
        `SELECT r.id, r.survey, s.touchpoint, s.txn, s.till, s.issued_at, r.received_at, r.partial, r.flagged,
                r.received_at <= s.valid_until AS verified, r.answers
         FROM receipt_scans s JOIN responses r ON r.site = s.site AND r.id = s.response_id
         WHERE s.site = @site AND substr(s.issued_at, 1, 10) BETWEEN @from AND @to
           AND (@touchpoint IS NULL OR s.touchpoint = @touchpoint)
         ORDER BY s.issued_at DESC LIMIT @limit`,
      )
      .all({ site, from: q.from, to: q.to, touchpoint: q.touchpoint ?? null, limit: q.limit }) as {
      id: string;
      survey: string;
      touchpoint: string;
      txn: string;
      till: string | null;
      issued_at: string;
      received_at: string;
      partial: number;
      flagged: number;
      verified: number;
      answers: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      survey: r.survey,
      touchpoint: r.touchpoint,
      txn: r.txn,
      till: r.till,
      issuedAt: r.issued_at,
      receivedAt: r.received_at,
      partial: r.partial === 1,
      flagged: r.flagged === 1,
      verified: r.verified === 1,
      answers: JSON.parse(r.answers) as Record<string, unknown>,
    }));
  }
}
