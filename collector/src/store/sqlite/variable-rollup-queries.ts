import type { Database } from 'better-sqlite3';
import type {
  ChannelHistogramRow,
  HistogramQuery,
  HistogramRow,
  ModelCellQuery,
  ModelCellRow,
  ModelCells,
  ModelPairRow,
  RespondentColumn,
  VariableCountQuery,
  VariableCounts,
} from '../store.js';
import { countsOfRollups, rollupPlanOf, type GroupedRow, type VariableRow } from '../variable-rollup-counts.js';
import type { Where } from './query.js';
import { rollupWhere } from './score-queries.js';
import { tieredSource } from './week-tier.js';

/**
 * The read side of the variable rollups in SQLite (migrations/sqlite/017_variable_rollups.sql): segments,
 * the driver screen and single-variable `var.*` filters, when every variable involved is rolled up on the
 * site (not "scan only", and the site's rollups not pending a recount); null otherwise, and the caller scans.
 */

/** The rollup column each histogram grouping reads. */
const GROUP_COLUMN = { none: "'all'", survey: 'survey', touchpoint: 'touchpoint', channel: 'channel', day: 'day' };

/** Adds the metric's type and its (survey, question) pairs to a rollup WHERE. */
function scoredWhere(site: string, q: Omit<VariableCountQuery, 'columns' | 'variables'> | ModelCellQuery): Where {
  const where = rollupWhere(site, q);
  where.sql += ' AND qtype = @qtype';
  where.params.qtype = q.qtype ?? '';
  const pairs = q.questions.map(({ survey, question }, i) => {
    where.params[`pairSurvey${i}`] = survey;
    where.params[`pairQuestion${i}`] = question;
    return `(@pairSurvey${i}, @pairQuestion${i})`;
  });
  where.sql += pairs.length > 0 ? ` AND (survey, question) IN (VALUES ${pairs.join(', ')})` : ' AND 0';
  return where;
}

/** The site's scan-only variables, or null when its variable rollups are pending a recount. */
function scanOnlyVariables(db: Database, site: string): Set<string> | null {
  if (db.prepare('SELECT 1 FROM variable_rollups_pending WHERE site = ?').get(site)) return null;
  const names = db
    .prepare('SELECT variable FROM rollup_variables WHERE site = ? AND scan_only = 1')
    .pluck()
    .all(site) as string[];
  return new Set(names);
}

/** The stored cut points of the site's binned variables (migrations/sqlite/019_variable_bins.sql). */
export function storedEdges(db: Database, site: string): Map<string, number[]> {
  const rows = db.prepare('SELECT variable, edges FROM rollup_bins WHERE site = ?').all(site) as {
    variable: string;
    edges: string;
  }[];
  return new Map(rows.map((r) => [r.variable, JSON.parse(r.edges) as number[]]));
}

/** Binds a list of variables as @variable0… and returns the SQL list. */
function variableList(where: Where, names: readonly string[]): string {
  names.forEach((name, i) => (where.params[`variable${i}`] = name));
  return names.map((_, i) => `@variable${i}`).join(', ');
}

/** A copy of `where` that also keeps `column` to `names` (bound as @variable0…). */
function inList(where: Where, column: string, names: readonly string[]): Where {
  return { sql: `${where.sql} AND ${column} IN (${variableList(where, names)})`, params: where.params };
}

/**
 * The counts by variable, level and value of `where`'s window: var_level_rollups (migration 024: var_rollups
 * without touchpoint and channel, a fraction of the rows to group), whole weeks from its week rows (032),
 * unless the query filters by touchpoint or channel, which only var_rollups keeps.
 */
function levelSource(
  db: Database,
  q: { touchpoint?: string | undefined; channel?: string | undefined },
  where: Where,
): string {
  const columns = ['variable', 'level', 'value', 'count'];
  return q.touchpoint === undefined && q.channel === undefined
    ? tieredSource(db, 'var_level_rollups', columns, where)
    : `(SELECT ${columns.join(', ')} FROM var_rollups WHERE ${where.sql})`;
}

/** VariableCounts from the rollups, or null when the query needs the scan. */
export function rollupVariableCounts(db: Database, site: string, q: VariableCountQuery): VariableCounts | null {
  const plan = rollupPlanOf(q);
  const scanOnly = plan && scanOnlyVariables(db, site);
  if (!plan || !scanOnly) return null;
  if (plan.variables.some((v) => scanOnly.has(v))) return null;
  if (plan.all && [...scanOnly].some((v) => !v.startsWith('#'))) return null;
  const where = scoredWhere(site, q);
  const scores = tieredSource(db, 'score_rollups', ['survey', 'touchpoint', 'channel', 'value', 'count'], where);
  const total = db
    .prepare(`SELECT 'all' AS key, value, sum(count) AS count FROM ${scores} GROUP BY value`)
    .all(where.params) as GroupedRow[];
  const columns = new Map<RespondentColumn, GroupedRow[]>();
  for (const column of plan.keyColumns) {
    const rows = db
      .prepare(`SELECT ${column} AS key, value, sum(count) AS count FROM ${scores} GROUP BY 1, 2`)
      .all(where.params) as GroupedRow[];
    columns.set(column, rows);
  }
  const names = plan.all
    ? [
        ...new Set([
          ...plan.variables,
          ...(db
            .prepare("SELECT variable FROM rollup_variables WHERE site = ? AND variable NOT LIKE '#%'")
            .pluck()
            .all(site) as string[]),
        ]),
      ]
    : plan.variables;
  const variables =
    names.length === 0
      ? []
      : (db
          .prepare(
            `SELECT variable, level AS key, value, sum(count) AS count
            FROM ${levelSource(db, q, inList(where, 'variable', names))} GROUP BY 1, 2, 3 HAVING sum(count) <> 0`,
          )
          .all(where.params) as VariableRow[]);
  return countsOfRollups(q, total, columns, variables, storedEdges(db, site));
}

/**
 * The var_rollups WHERE of a query filtered by one rolled-up `var.*` variable at one level, or null when the
 * filter needs the scan (none or two, verified, the variable scan only or binned, the site awaiting its recount).
 */
function filteredWhere(db: Database, site: string, q: Omit<HistogramQuery, 'groupBy'>): Where | null {
  const filters = Object.entries(q.vars ?? {});
  const [name, value] = filters[0] ?? [];
  if (filters.length !== 1 || name === undefined || value === undefined || q.verified) return null;
  if (q.questions === undefined) return null;
  const scanOnly = scanOnlyVariables(db, site);
  // A binned variable keeps no level per value: an equality filter on it needs the scan.
  if (!scanOnly || scanOnly.has(name) || storedEdges(db, site).has(name)) return null;
  const where = scoredWhere(site, { ...q, questions: q.questions });
  if (q.question !== undefined) {
    where.sql += ' AND question = @question';
    where.params.question = q.question;
  }
  // The level is the value's JSON text: the text as written, or the number or boolean it spells (as the scan).
  const literal = /^(true|false|-?\d+(\.\d+)?([eE][+-]?\d+)?)$/.test(value) ? JSON.stringify(JSON.parse(value)) : null;
  where.sql += ' AND variable = @filterVariable AND level IN (@filterText, @filterLiteral)';
  where.params.filterVariable = name;
  where.params.filterText = JSON.stringify(value);
  where.params.filterLiteral = literal ?? JSON.stringify(value);
  return where;
}

/** Whether the histograms of `q` come from the rollups (score or variable) or a scan: Store.histogramSource. */
export function histogramSource(db: Database, site: string, q: Omit<HistogramQuery, 'groupBy'>): 'rollup' | 'scan' {
  if (q.verified) return 'scan';
  if (!q.vars || Object.keys(q.vars).length === 0) return 'rollup';
  return filteredWhere(db, site, q) === null ? 'scan' : 'rollup';
}

/** Histograms filtered by one rolled-up `var.*` variable, or null when the filter needs the scan. */
export function rollupFilteredHistograms(db: Database, site: string, q: HistogramQuery): HistogramRow[] | null {
  const where = filteredWhere(db, site, q);
  if (where === null) return null;
  return db
    .prepare(
      `SELECT ${GROUP_COLUMN[q.groupBy]} AS key, value, sum(count) AS count FROM var_rollups
      WHERE ${where.sql} GROUP BY 1, 2 HAVING sum(count) > 0`,
    )
    .all(where.params) as HistogramRow[];
}

/** The same, by touchpoint × channel (channel effects with one `var.*` filter), or null for the scan. */
export function rollupFilteredChannelHistograms(
  db: Database,
  site: string,
  q: Omit<HistogramQuery, 'groupBy'>,
): ChannelHistogramRow[] | null {
  const where = filteredWhere(db, site, q);
  if (where === null) return null;
  return db
    .prepare(
      `SELECT touchpoint, channel, value, sum(count) AS count FROM var_rollups
      WHERE ${where.sql} GROUP BY 1, 2, 3 HAVING sum(count) > 0`,
    )
    .all(where.params) as ChannelHistogramRow[];
}

/**
 * The model cells (survey × touchpoint × channel × answer, each variable's level, and with two or more
 * variables the pairs of their levels) from the score, variable and pairwise rollups, or null when they
 * cannot answer the query and the caller scans.
 */
export function rollupModelCells(db: Database, site: string, q: ModelCellQuery): ModelCells | null {
  if (q.verified !== undefined || q.qtype === undefined) return null;
  if (q.vars && Object.keys(q.vars).length > 0) return null;
  const names = [...new Set(q.variables)];
  // The pairwise rollups keep neither touchpoint nor channel.
  if (names.length > 1 && (q.touchpoint !== undefined || q.channel !== undefined)) return null;
  if (names.length > 0) {
    const scanOnly = scanOnlyVariables(db, site);
    const edges = storedEdges(db, site);
    // A binned variable keeps bins, not the values the scan levels itself.
    if (!scanOnly || names.some((v) => scanOnly.has(v) || edges.has(v))) return null;
  }
  if (names.length > 1) {
    // A variable not crossed in the pairwise rollups (no row: no value yet, nothing to cross).
    const refused = new Set(
      db.prepare('SELECT variable FROM pair_variables WHERE site = ? AND crossed = 0').pluck().all(site) as string[],
    );
    if (names.some((v) => refused.has(v))) return null;
  }
  // Every read takes its window's whole weeks from the week rollups (migration 032).
  const where = scoredWhere(site, q);
  const total = db
    .prepare(
      `SELECT survey, touchpoint, channel, value, sum(count) AS count
      FROM ${tieredSource(db, 'score_rollups', ['survey', 'touchpoint', 'channel', 'value', 'count'], where)}
      GROUP BY 1, 2, 3, 4 HAVING sum(count) <> 0`,
    )
    .all(where.params) as ModelCellRow[];
  if (names.length === 0) return { total, margins: [], levels: [], pairs: [] };
  const named = inList(where, 'variable', names);
  const margins = db
    .prepare(
      `SELECT variable, level, value, sum(count) AS count FROM ${levelSource(db, q, named)}
      GROUP BY 1, 2, 3 HAVING sum(count) <> 0`,
    )
    .all(where.params) as ModelCells['margins'];
  // By the cell columns the model has only, from var_rollups without the answer value (migration 025).
  const cells = (['survey', 'touchpoint', 'channel'] as const).map((c) => (q.cells.includes(c) ? c : `'' AS ${c}`));
  const cellColumns = ['variable', 'level', 'survey', 'touchpoint', 'channel', 'count'];
  const levels = db
    .prepare(
      `SELECT variable, level, ${cells.join(', ')}, sum(count) AS count
      FROM ${tieredSource(db, 'var_cell_rollups', cellColumns, named)} GROUP BY 1, 2, 3, 4, 5 HAVING sum(count) <> 0`,
    )
    .all(where.params) as ModelCells['levels'];
  const pairColumns = ['variable_a', 'level_a', 'variable_b', 'level_b', 'count'];
  const paired = inList(inList(where, 'variable_a', names), 'variable_b', names);
  const pairs =
    names.length < 2
      ? []
      : (db
          .prepare(
            `SELECT variable_a AS variableA, level_a AS levelA, variable_b AS variableB, level_b AS levelB,
              sum(count) AS count FROM ${tieredSource(db, 'var_pair_rollups', pairColumns, paired)}
            GROUP BY 1, 2, 3, 4 HAVING sum(count) <> 0`,
          )
          .all(where.params) as ModelPairRow[]);
  return { total, margins, levels, pairs };
}
