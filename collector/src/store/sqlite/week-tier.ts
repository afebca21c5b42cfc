import type { Database, Statement } from 'better-sqlite3';
import { HORIZON_CHECK_MS, horizonAt, WEEK_KEYS, WEEK_TABLE, weeksBefore, type TieredTable } from '../week-rollups.js';
import type { Where } from './query.js';

/**
 * Reading a window from day rows and week rows (migrations/sqlite/032_week_rollups.sql). SQLite groups with
 * a sort, so a window's cost follows the rows it reads; the week tables hold each rollup summed over an ISO
 * week of the site's days (keyed by its Monday), and a window reads its whole weeks there and only the days
 * at its two ends from the day table.
 *
 * Week rows exist before the horizon only (week_rollup_horizon): live traffic writes later days, which the
 * week tables' triggers skip, and the writer moves the horizon on as weeks end (`WeekHorizon`). The insight
 * rollups by variable level follow the same horizon for their week grains (migration 033).
 */

/** The window's day condition as `rollupWhere` writes it. */
export const DAY_RANGE = 'day >= @from AND day <= @to';

/**
 * The day table each week table sums: levels and cells sum var_rollups itself, which SQLite's 024/025 triggers
 * sum into their day tables.
 */
const WEEK_SOURCE: Record<TieredTable, string> = {
  score_rollups: 'score_rollups',
  var_level_rollups: 'var_rollups',
  var_cell_rollups: 'var_rollups',
  var_pair_rollups: 'var_pair_rollups',
};

/** A week table's key columns, `week` (computed from the day) last. */
const weekKeysOf = (table: TieredTable): string[] => [...WEEK_KEYS[table], 'week'];

/** Each day table, and the week tables its triggers keep. */
const TRIGGERED: { day: string; weeks: TieredTable[] }[] = [
  { day: 'score_rollups', weeks: ['score_rollups'] },
  { day: 'var_rollups', weeks: ['var_level_rollups', 'var_cell_rollups'] },
  { day: 'var_pair_rollups', weeks: ['var_pair_rollups'] },
];

/** The week of a day row (`row`: NEW or OLD), as the migration's backfill computes it. */
const weekOf = (row: string) => `date(${row}.day, '-6 days', 'weekday 1')`;

/**
 * The triggers that keep the week tables of `horizon` (a Monday, inlined as a literal: a WHEN that compares
 * with a constant costs a write after the horizon next to nothing). Per day table: an insert adds to the week
 * row, an update takes the old count off its week and puts the new one on, a delete takes it off.
 */
function weekTriggers(horizon: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(horizon)) throw new Error(`week horizon: not a day: ${horizon}`);
  const before = (row: string) => `${row}.day < '${horizon}'`;
  const out: string[] = [];
  for (const { day, weeks } of TRIGGERED) {
    const statements = (row: string, op: 'add' | 'remove') =>
      weeks
        .map((table) => {
          const weekKeys = weekKeysOf(table);
          const value = (k: string) => (k === 'week' ? weekOf(row) : `${row}.${k}`);
          const target = WEEK_TABLE[table];
          // Both as upserts: a week whose days summed to zero may have no row yet. A day row deleted with its
          // site (ON DELETE CASCADE) leaves its week rows to the same cascade.
          const count = op === 'add' ? `${row}.count` : `-${row}.count`;
          const kept = op === 'add' ? '' : ` AND EXISTS (SELECT 1 FROM sites WHERE key = ${row}.site)`;
          return `INSERT INTO ${target} (${weekKeys.join(', ')}, count) SELECT ${weekKeys.map(value).join(', ')}, ${count}
              WHERE ${before(row)}${kept} ON CONFLICT DO UPDATE SET count = count + excluded.count;`;
        })
        .join('\n');
    out.push(
      `CREATE TRIGGER ${day}_week_insert AFTER INSERT ON ${day} WHEN ${before('NEW')} BEGIN ${statements('NEW', 'add')} END;`,
      // One trigger per update (an upsert's count, or a row moved to another key): the old count off its
      // week, the new one on; a WHEN per trigger is what live writes pay.
      `CREATE TRIGGER ${day}_week_update AFTER UPDATE ON ${day} WHEN ${before('OLD')} OR ${before('NEW')}
        BEGIN ${statements('OLD', 'remove')} ${statements('NEW', 'add')} END;`,
      `CREATE TRIGGER ${day}_week_delete AFTER DELETE ON ${day} WHEN ${before('OLD')} BEGIN ${statements('OLD', 'remove')} END;`,
    );
  }
  return out.join('\n');
}

/** The names of the week triggers. */
const TRIGGER_NAMES = TRIGGERED.flatMap(({ day }) => ['insert', 'update', 'delete'].map((k) => `${day}_week_${k}`));

/**
 * (Re)creates the week triggers for the stored horizon, unless they are there for it already: after the
 * migrations (migrate.ts), and when the horizon moves. A no-op before migration 032.
 */
export function installWeekTriggers(db: Database): void {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'week_rollup_horizon'");
  if (!table.get()) return;
  const horizon = weekHorizon(db);
  const found = db
    .prepare(
      `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${TRIGGER_NAMES.map(() => '?').join(', ')})`,
    )
    .pluck()
    .all(...TRIGGER_NAMES) as string[];
  if (found.length === TRIGGER_NAMES.length && found.every((sql) => sql.includes(`'${horizon}'`))) return;
  db.transaction(() => {
    for (const name of TRIGGER_NAMES) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
    db.exec(weekTriggers(horizon));
  })();
}

/** The first Monday whose week has no week rows yet. */
export function weekHorizon(db: Database): string {
  return db.prepare('SELECT monday FROM week_rollup_horizon').pluck().get() as string;
}

/**
 * Moves the horizon of the week rows on as weeks end: each week it passes is summed from its day rows into
 * the week tables, and from then on the triggers keep it. Runs in the caller's write transaction (the
 * writer's commit), so no write falls between the sums and the new horizon; looks at most every
 * HORIZON_CHECK_MS, and never fails the commit.
 */
export class WeekHorizon {
  private nextCheck = 0;
  private readonly read;
  private readonly move;
  private readonly sums;
  private readonly nextLevel: Statement;
  private readonly insightVarWeeks: Statement;

  constructor(private readonly db: Database) {
    this.read = db.prepare('SELECT monday FROM week_rollup_horizon').pluck();
    this.move = db.prepare('UPDATE week_rollup_horizon SET monday = ?');
    this.sums = (Object.keys(WEEK_SOURCE) as TieredTable[]).map((table) => {
      const keys = weekKeysOf(table);
      const week = WEEK_TABLE[table];
      const source = WEEK_SOURCE[table];
      const select = keys.map((k) => (k === 'week' ? "date(day, '-6 days', 'weekday 1')" : k));
      return db.prepare(
        `INSERT INTO ${week} (${keys.join(', ')}, count) SELECT ${select.join(', ')}, sum(count) FROM ${source}
        WHERE day >= @from AND day < @to GROUP BY ${keys.map((_, i) => i + 1).join(', ')} HAVING sum(count) <> 0
        ON CONFLICT DO UPDATE SET count = count + excluded.count`,
      );
    });
    // The insight rollups by variable level keep their week rows in the same table (grains 'w' and 's',
    // migration 033), summed from its own day rows ('d'). Its key starts with (site, variable, level) and has
    // no index by day: each of those is visited in turn (`nextLevel`, one seek each) and its days of the weeks
    // read by range, rather than the whole table scanned for them.
    this.nextLevel = db.prepare(`SELECT site, variable, level FROM insight_var_rollups
      WHERE (site, variable, level) > (@site, @variable, @level) ORDER BY site, variable, level LIMIT 1`);
    this.insightVarWeeks = db.prepare(`INSERT INTO insight_var_rollups (site, variable, level, grain, day, channel,
        touchpoint, theme, band, sentiment, count)
      SELECT d.site, d.variable, d.level, g.grain, date(d.day, 'weekday 0', '-6 days'), '',
        CASE g.grain WHEN 'w' THEN '' ELSE d.touchpoint END, d.theme,
        CASE g.grain WHEN 's' THEN '' ELSE d.band END, CASE g.grain WHEN 's' THEN '' ELSE d.sentiment END,
        sum(d.count)
      FROM insight_var_rollups d, (SELECT 'w' AS grain UNION ALL SELECT 's') g
      WHERE d.site = @site AND d.variable = @variable AND d.level = @level AND d.grain = 'd'
        AND d.day >= @from AND d.day < @to
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 HAVING sum(d.count) <> 0
      ON CONFLICT DO UPDATE SET count = count + excluded.count`);
  }

  /** Sums the insight rollups by variable level of the days from…to (exclusive) into their week rows. */
  private sumInsightVarWeeks(from: string, to: string): void {
    let key = { site: '', variable: '', level: '' };
    for (;;) {
      const next = this.nextLevel.get(key) as typeof key | undefined;
      if (!next) return;
      this.insightVarWeeks.run({ ...next, from, to });
      key = next;
    }
  }

  /** In a write transaction: moves the horizon to `horizonAt(now)` when due. Returns the weeks it summed. */
  advance(now = Date.now()): number {
    if (now < this.nextCheck) return 0;
    this.nextCheck = now + HORIZON_CHECK_MS;
    const from = this.read.get() as string;
    const to = horizonAt(now);
    if (to <= from) return 0;
    // A savepoint of its own: should the move fail, it is undone whole and the commit goes on (a horizon left
    // behind only makes reads read more days); it tries again at the next check.
    try {
      this.db.transaction(() => {
        for (const sum of this.sums) sum.run({ from, to });
        this.sumInsightVarWeeks(from, to);
        this.move.run(to);
        installWeekTriggers(this.db);
      })();
    } catch {
      return 0;
    }
    return Math.round((Date.parse(to) - Date.parse(from)) / (7 * 86_400_000));
  }
}

/**
 * A FROM source (a parenthesised subquery) of `columns` of `table` over the window of `where`, which must
 * hold `rollupWhere`'s day range: the whole weeks before the horizon from the week table, the days before and
 * after them from the day table, every arm under the rest of `where`. Rows of one key may come from several arms, so callers
 * sum them (GROUP BY … sum(count)), as they do over days. A selected `day` is the week's Monday in week rows:
 * only a caller that buckets days by ISO week may select it.
 */
export function tieredSource(db: Database, table: TieredTable, columns: readonly string[], where: Where): string {
  if (!where.sql.includes(DAY_RANGE)) throw new Error(`tieredSource: the WHERE has no window (${where.sql})`);
  const list = columns.join(', ');
  const to = String(where.params.to);
  // Whole weeks before the horizon only: later ones have no week rows yet.
  const weeks = weeksBefore(weekHorizon(db), String(where.params.from), to);
  if (weeks === null) return `(SELECT ${list} FROM ${table} WHERE ${where.sql})`;
  where.params.weekFirst = weeks.first;
  where.params.weekLast = weeks.last;
  where.params.weekEnd = weeks.end;
  const arm = (from: string, range: string) =>
    `SELECT ${list} FROM ${from} WHERE ${where.sql.replace(DAY_RANGE, range)}`;
  const weekColumns = columns.map((c) => (c === 'day' ? 'week AS day' : c)).join(', ');
  const arms = [
    `SELECT ${weekColumns} FROM ${WEEK_TABLE[table]} WHERE ${where.sql.replace(DAY_RANGE, 'week >= @weekFirst AND week <= @weekLast')}`,
  ];
  if (String(where.params.from) < weeks.first) arms.unshift(arm(table, 'day >= @from AND day < @weekFirst'));
  if (weeks.end < to) arms.push(arm(table, 'day > @weekEnd AND day <= @to'));
  return `(${arms.join(' UNION ALL ')})`;
}
