import type { Database, Statement } from 'better-sqlite3';
import { DEFAULT_ROLLUP_LEVEL_CAP } from '@touchpoint/shared';
import { binnedLevel, edgesFor } from '../plan/variable-bins.js';
import { namedPairVariables, pairScope } from '../plan/pair-scope.js';
import { MAX_PAIR_VARIABLES, type PairScope, type VarDelta } from '../plan/variable-rollup.js';

/**
 * The var_rollups upkeep of the SQLite store (migrations/sqlite/017_variable_rollups.sql, 019_variable_bins.sql):
 * writes the summed deltas of a transaction, registers each new level of a variable, and once a variable has
 * more levels on its site than the site's cap (settings.rollupLevelCap) either bins it (numeric values: cut
 * points chosen once and stored, plan/variable-bins.ts) or turns it "scan only" (its rows deleted, never
 * written again).
 */

/** Between a site and a variable in a map key. */
const SEP = '\u0000';

/** A var_rollups row as read back to be binned. */
type StoredRow = Omit<VarDelta, 'key'>;

/** The var_rollups upkeep and its bookkeeping. Synchronous: it runs inside the store's transactions. */
export class SqliteVariableRollups {
  private readonly upsert: Statement;
  private readonly addLevel: Statement;
  private readonly countLevel: Statement;
  private readonly levelCap: Statement;
  private readonly scanOnly: Statement;
  private readonly edgesOf: Statement;
  private readonly saveEdges: Statement;
  private readonly markScanOnly: Statement;
  private readonly rowsOf: Statement;
  private readonly levelCounts: Statement;
  private readonly dropRows: Statement;
  private readonly dropInsightRows: Statement;
  private readonly dropLevels: Statement;
  private readonly upsertPair: Statement;
  private readonly takeSlot: Statement;
  private readonly hasSlot: Statement;
  private readonly dropPairs: Statement;
  private readonly registeredPairs: Statement;
  private readonly notOwn: Statement;
  private readonly namedPairs: Statement;
  /** the pair scope of each site a transaction planned writes of (forgetPairs at its end) */
  private readonly scopes = new Map<string, PairScope>();

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
    this.levelCap = db.prepare("SELECT json_extract(settings, '$.rollupLevelCap') FROM sites WHERE key = ?").pluck();
    this.scanOnly = db.prepare('SELECT scan_only FROM rollup_variables WHERE site = ? AND variable = ?').pluck();
    this.edgesOf = db.prepare('SELECT edges FROM rollup_bins WHERE site = ? AND variable = ?').pluck();
    this.saveEdges = db.prepare(
      'INSERT INTO rollup_bins (site, variable, edges) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.markScanOnly = db.prepare('UPDATE rollup_variables SET scan_only = 1 WHERE site = ? AND variable = ?');
    this.rowsOf = db.prepare(`SELECT site, variable, day, survey, touchpoint, channel, question, qtype, level, value,
      count FROM var_rollups WHERE site = ? AND variable = ?`);
    this.levelCounts = db.prepare(
      'SELECT level, sum(count) AS count FROM var_rollups WHERE site = ? AND variable = ? GROUP BY level',
    );
    this.dropRows = db.prepare('DELETE FROM var_rollups WHERE site = ? AND variable = ?');
    // Its insight rollups by level too (migration 023): they hold raw levels, read only while neither binned nor scan-only.
    this.dropInsightRows = db.prepare('DELETE FROM insight_var_rollups WHERE site = ? AND variable = ?');
    this.dropLevels = db.prepare('DELETE FROM rollup_levels WHERE site = ? AND variable = ?');
    this.upsertPair = db.prepare(`INSERT INTO var_pair_rollups (site, day, survey, question, qtype, variable_a,
      level_a, variable_b, level_b, count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET count = count + excluded.count`);
    // Crossed when rolled up with its own levels and named by the site (@named 1 or 0), or, when the site names
    // none (@named null), while a slot is left (plan/pair-scope.ts, crossesFirstSeen).
    this.takeSlot = db.prepare(`INSERT INTO pair_variables (site, variable, crossed) VALUES (@site, @variable,
      @own AND coalesce(@named,
        (SELECT count(*) FROM pair_variables WHERE site = @site AND crossed = 1) < ${MAX_PAIR_VARIABLES}))
      ON CONFLICT DO NOTHING`);
    this.hasSlot = db.prepare('SELECT crossed FROM pair_variables WHERE site = ? AND variable = ?').pluck();
    // A variable binned or made scan only: its pairs are of levels no longer kept, dropped with its rows.
    this.dropPairs = db.prepare(
      'DELETE FROM var_pair_rollups WHERE site = @site AND (variable_a = @variable OR variable_b = @variable)',
    );
    this.registeredPairs = db.prepare('SELECT variable, crossed FROM pair_variables WHERE site = ?').raw();
    this.notOwn = db
      .prepare(
        'SELECT variable FROM rollup_variables WHERE site = ? AND scan_only = 1 UNION SELECT variable FROM rollup_bins WHERE site = ?',
      )
      .pluck();
    this.namedPairs = db.prepare("SELECT json_extract(settings, '$.pairVariables') FROM sites WHERE key = ?").pluck();
  }

  /** settings.pairVariables of a site as stored (null: unset). */
  private namedOf(site: string): string[] | null {
    const named = this.namedPairs.get(site) as string | null | undefined;
    return named === null || named === undefined ? null : (JSON.parse(named) as string[]);
  }

  /**
   * The variables a site's pairwise rollups cross, for the write plans of this transaction: read once, as the
   * transaction sees them (it holds the write lock: no other connection changes them before it ends).
   */
  pairsOf(site: string): PairScope {
    let scope = this.scopes.get(site);
    if (!scope) {
      const registered = new Map<string, boolean>();
      for (const [variable, crossed] of this.registeredPairs.all(site) as [string, number][])
        registered.set(variable, crossed === 1);
      const notOwn = new Set(this.notOwn.all(site, site) as string[]);
      scope = pairScope({ registered, notOwn, named: this.namedOf(site) });
      this.scopes.set(site, scope);
    }
    return scope;
  }

  /** Forgets the pair scopes read: at the end of each transaction, and after its pairs were written. */
  forgetPairs(): void {
    this.scopes.clear();
  }

  /**
   * Writes the pairwise part of summed deltas only (the variables' own rows are counted already): the
   * recount of a site's pairs after its settings.pairVariables changed (SqliteRollups.rebuildPairs).
   */
  writePairsOnly(deltas: Iterable<VarDelta>): void {
    const pairs: VarDelta[] = [];
    const present: VarDelta[] = [];
    for (const d of deltas) {
      if (d.count === 0) continue;
      if (d.pair) pairs.push(d);
      else if (d.level !== 'null') present.push(d);
    }
    this.writePairs(pairs, present);
    this.forgetPairs();
  }

  /** Writes summed deltas; call inside the transaction that made them. */
  write(deltas: Iterable<VarDelta>): void {
    const byVariable = new Map<string, VarDelta[]>();
    const pairs: VarDelta[] = [];
    const present: VarDelta[] = [];
    for (const d of deltas) {
      if (d.count === 0) continue;
      if (d.pair) {
        pairs.push(d);
        continue;
      }
      if (d.level !== 'null') present.push(d);
      const key = `${d.site}${SEP}${d.variable}`;
      const list = byVariable.get(key);
      if (list) list.push(d);
      else byVariable.set(key, [d]);
    }
    for (const list of byVariable.values()) {
      const { site, variable } = list[0] as VarDelta;
      if (this.scanOnly.get(site, variable) === 1) continue;
      const stored = this.edgesOf.get(site, variable) as string | undefined;
      const edges = stored !== undefined ? (JSON.parse(stored) as number[]) : this.register(site, variable, list);
      if (edges === false) continue;
      for (const d of list) this.put(d, edges === null ? d.level : binnedLevel(d.level, edges));
    }
    this.writePairs(pairs, present);
    // Variables registered, binned or made scan only here: the next plans read the scope again.
    this.forgetPairs();
  }

  /**
   * Writes pairwise deltas (after the variables' own: a variable may have just been binned or made scan
   * only) of variables crossed on their site, registering each variable with a value here the first time
   * (crossed while the site has pair slots left and it is rolled up with its own levels).
   */
  private writePairs(pairs: readonly VarDelta[], present: readonly VarDelta[]): void {
    // site → variable → crossed: no key string built per pair row.
    const crossed = new Map<string, Map<string, boolean>>();
    const names = new Map<string, ReadonlySet<string> | null>();
    const isCrossed = (site: string, variable: string): boolean => {
      let ofSite = crossed.get(site);
      if (!ofSite) crossed.set(site, (ofSite = new Map()));
      let yes = ofSite.get(variable);
      if (yes === undefined) {
        const own = this.scanOnly.get(site, variable) !== 1 && this.edgesOf.get(site, variable) === undefined;
        let named = names.get(site);
        if (named === undefined) names.set(site, (named = namedPairVariables(this.namedOf(site))));
        this.takeSlot.run({
          site,
          variable,
          own: own ? 1 : 0,
          named: named === null ? null : named.has(variable) ? 1 : 0,
        });
        yes = own && this.hasSlot.get(site, variable) === 1;
        ofSite.set(variable, yes);
      }
      return yes;
    };
    for (const d of present) isCrossed(d.site, d.variable);
    for (const d of pairs) {
      const other = d.pair as NonNullable<VarDelta['pair']>;
      if (!isCrossed(d.site, d.variable) || !isCrossed(d.site, other.variable)) continue;
      this.upsertPair.run(
        d.site,
        d.day,
        d.survey,
        d.question,
        d.qtype,
        d.variable,
        d.level,
        other.variable,
        other.level,
        d.count,
      );
    }
  }

  private put(d: StoredRow, level: string): void {
    this.upsert.run(
      d.site,
      d.variable,
      d.day,
      d.survey,
      d.touchpoint,
      d.channel,
      d.question,
      d.qtype,
      level,
      d.value,
      d.count,
    );
  }

  /**
   * Registers the levels of a variable's deltas. Null: still under the cap, write the levels as they are;
   * the cut points when it passed the cap and is numeric (its rows binned already); false when it passed
   * the cap and went scan only.
   */
  private register(site: string, variable: string, list: readonly VarDelta[]): number[] | null | false {
    let cap: number | undefined;
    for (const level of new Set(list.map((d) => d.level))) {
      if (this.addLevel.run(site, variable, level).changes === 0) continue;
      cap ??= (this.levelCap.get(site) as number | null) ?? DEFAULT_ROLLUP_LEVEL_CAP;
      if ((this.countLevel.get(site, variable) as number) > cap) return this.passCap(site, variable, list);
    }
    return null;
  }

  /** A variable over the cap: binned at cut points from the answers counted so far and these, or scan only. */
  private passCap(site: string, variable: string, list: readonly VarDelta[]): number[] | false {
    const counts = new Map<string, number>();
    for (const r of this.levelCounts.all(site, variable) as { level: string; count: number }[])
      counts.set(r.level, r.count);
    for (const d of list) counts.set(d.level, (counts.get(d.level) ?? 0) + d.count);
    const edges = edgesFor(counts);
    this.dropLevels.run(site, variable);
    this.dropInsightRows.run(site, variable);
    this.dropPairs.run({ site, variable });
    if (edges === null) {
      this.markScanOnly.run(site, variable);
      this.dropRows.run(site, variable);
      return false;
    }
    this.saveEdges.run(site, variable, JSON.stringify(edges));
    const rows = this.rowsOf.all(site, variable) as StoredRow[];
    this.dropRows.run(site, variable);
    for (const r of rows) this.put(r, binnedLevel(r.level, edges));
    return edges;
  }
}
