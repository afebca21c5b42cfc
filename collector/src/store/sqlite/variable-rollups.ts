import type { Database, Statement } from 'better-sqlite3';
import { MAX_ROLLUP_LEVELS, type VarDelta } from '../plan/variable-rollup.js';

/**
 * The var_rollups upkeep of the SQLite store (migrations/sqlite/017_variable_rollups.sql): writes the summed
 * deltas of a transaction, registers each new level of a variable and turns a variable "scan only" (its rows
 * deleted, never written again) once it has more than MAX_ROLLUP_LEVELS levels on its site.
 */

/** Between a site and a variable in a map key. */
const SEP = '\u0000';

/** The var_rollups upkeep and its bookkeeping. Synchronous: it runs inside the store's transactions. */
export class SqliteVariableRollups {
  private readonly upsert: Statement;
  private readonly addLevel: Statement;
  private readonly countLevel: Statement;
  private readonly scanOnly: Statement;
  private readonly markScanOnly: Statement;
  private readonly dropRows: Statement;
  private readonly dropLevels: Statement;

  constructor(private readonly db: Database) {
    this.upsert =
      db.prepare(`INSERT INTO var_rollups (site, variable, day, survey, touchpoint, channel, question, qtype,
      level, value, count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET count = count + excluded.count`);
    this.addLevel = db.prepare(
      `INSERT INTO rollup_levels (site, variable, level) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.countLevel = db
      .prepare(
        `INSERT INTO rollup_variables (site, variable, levels, scan_only) VALUES (?, ?, 1, 0)
        ON CONFLICT DO UPDATE SET levels = levels + 1 RETURNING levels`,
      )
      .pluck();
    this.scanOnly = db.prepare('SELECT scan_only FROM rollup_variables WHERE site = ? AND variable = ?').pluck();
    this.markScanOnly = db.prepare('UPDATE rollup_variables SET scan_only = 1 WHERE site = ? AND variable = ?');
    this.dropRows = db.prepare('DELETE FROM var_rollups WHERE site = ? AND variable = ?');
    this.dropLevels = db.prepare('DELETE FROM rollup_levels WHERE site = ? AND variable = ?');
  }

  /** Writes summed deltas; call inside the transaction that made them. */
  write(deltas: Iterable<VarDelta>): void {
    const byVariable = new Map<string, VarDelta[]>();
    for (const d of deltas) {
      if (d.count === 0) continue;
      const key = `${d.site}${SEP}${d.variable}`;
      const list = byVariable.get(key);
      if (list) list.push(d);
      else byVariable.set(key, [d]);
    }
    for (const list of byVariable.values()) {
      const { site, variable } = list[0] as VarDelta;
      if (this.scanOnly.get(site, variable) === 1) continue;
      if (!this.register(site, variable, new Set(list.map((d) => d.level)))) continue;
      for (const d of list) {
        this.upsert.run(
          site,
          variable,
          d.day,
          d.survey,
          d.touchpoint,
          d.channel,
          d.question,
          d.qtype,
          d.level,
          d.value,
          d.count,
        );
      }
    }
  }

  /** Registers levels of a variable; false (and the variable made scan only) when it now has too many. */
  private register(site: string, variable: string, levels: ReadonlySet<string>): boolean {
    for (const level of levels) {
      if (this.addLevel.run(site, variable, level).changes === 0) continue;
      if ((this.countLevel.get(site, variable) as number) > MAX_ROLLUP_LEVELS) {
        this.markScanOnly.run(site, variable);
        this.dropRows.run(site, variable);
        this.dropLevels.run(site, variable);
        return false;
      }
    }
    return true;
  }
}
