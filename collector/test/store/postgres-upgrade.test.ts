import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { migrate, POSTGRES_MIGRATIONS_DIR } from '../../src/store/postgres/migrate.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { createDatabase, describePostgres } from '../helpers/postgres.js';

const T = '2026-11-01T10:00:00.000Z';

/** A survey definition with one question. */
const definition = (id: string, type: string) =>
  JSON.stringify({ id, name: id, active: true, questions: [{ id: 'q', type, text: { en: 'Q' } }] });

describePostgres('PostgreSQL upgrade to migrations 010 and 014', (db) => {
  it('keeps answers stored before migration 010 counting under their types, a deleted survey’s included, and lets the outbox take notify rows', async () => {
    const url = await createDatabase(db().base);
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const before = mkdtempSync(join(tmpdir(), 'touchpoint-pg-009-'));
    try {
      // The schema as h-pg had it: 001–009 and 012.
      for (const f of readdirSync(POSTGRES_MIGRATIONS_DIR).filter((f) => f < '010' || f.startsWith('012'))) {
        copyFileSync(join(POSTGRES_MIGRATIONS_DIR, f), join(before, f));
      }
      await migrate(pool, before + '/');
      await pool.query(
        `INSERT INTO sites (key, name, origins, settings, created_at, updated_at)
        VALUES ('s', 'S', '[]', '{"cooldownHours":0,"followUpSlaHours":48}', $1, $1)`,
        [T],
      );
      await pool.query(
        `INSERT INTO surveys (site, id, definition, active, created_at, updated_at)
        VALUES ('s', 'live', $1, true, $2, $2)`,
        [definition('live', 'nps'), T],
      );
      for (const [id, survey, value] of [
        ['r1', 'live', 9],
        ['r2', 'gone', 4],
      ] as const) {
        await pool.query(
          `INSERT INTO responses (id, site, survey, touchpoint, answers, partial, created_at,
          received_at, updated_at, channel, vars) VALUES ($1, 's', $2, 'tp', $3, false, $4, $4, $4, 'web', '{"k":"v"}')`,
          [id, survey, JSON.stringify({ q: value }), T],
        );
      }
      // The rollups as the old write path kept them: the deleted survey's row still carries its type.
      await pool.query(`INSERT INTO score_rollups (site, day, survey, touchpoint, channel, question, qtype, value, count)
        VALUES ('s', '2026-11-01', 'live', 'tp', 'web', 'q', 'nps', 9, 1),
               ('s', '2026-11-01', 'gone', 'tp', 'web', 'q', 'csat', 4, 1)`);
      await migrate(pool);

      const store = await openPostgresStore(url);
      try {
        expect(await store.questionTypes('s')).toEqual([
          { survey: 'gone', question: 'q', since: '', qtype: 'csat' },
          { survey: 'live', question: 'q', since: '', qtype: 'nps' },
        ]);
        const window = { from: '2026-11-01', to: '2026-11-01', groupBy: 'none' as const };
        // The rollups and the scan (a variable filter reads the responses) count the same answers.
        for (const vars of [undefined, { k: 'v' }]) {
          const nps = await store.scoreHistograms('s', { ...window, qtype: 'nps', vars });
          expect(nps).toEqual([{ key: 'all', value: 9, count: 1 }]);
          const csat = await store.scoreHistograms('s', { ...window, qtype: 'csat', vars });
          expect(csat).toEqual([{ key: 'all', value: 4, count: 1 }]);
        }
      } finally {
        await store.close();
      }
      await pool.query(
        `INSERT INTO outbox (id, site, kind, event, target, payload, status, created_at)
        VALUES ('n1', 's', 'notify', 'alert', 'rule', '{}', 'pending', $1)`,
        [T],
      );
      await expect(
        pool.query(
          `INSERT INTO outbox (id, site, kind, event, target, payload, status, created_at)
          VALUES ('n2', 's', 'fax', 'alert', 'rule', '{}', 'pending', $1)`,
          [T],
        ),
      ).rejects.toThrow(/outbox_kind_check/);
    } finally {
      await pool.end();
      rmSync(before, { recursive: true, force: true });
    }
  });
});
