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
import type { Queryable } from './db.js';
import { cellRollupsPending, levelRollupsPending } from './level-rollups.js';
import { rollupWhere, type Where } from './score-queries.js';
import { isTiered } from '../week-rollups.js';
import { pgTieredSource, pgWeekHorizon } from './week-tier.js';

/**
 * The read side of the variable rollups on PostgreSQL, as sqlite/variable-rollup-queries.ts: null when a
 * variable involved is scan only or the site's rollups await a recount, and the caller scans.
 */

/** The rollup column each histogram grouping reads. */
const GROUP_COLUMN = { none: "'all'", survey: 'survey', touchpoint: 'touchpoint', channel: 'channel', day: 'day' };

/** A rollup WHERE with the metric's type and its (survey, question) pairs. */
function scoredWhere(site: string, q: Omit<VariableCountQuery, 'columns' | 'variables'> | ModelCellQuery): Where {
  const where = rollupWhere(site, q).and('qtype = {}', q.qtype ?? '');
  const surveys = where.param(q.questions.map((x) => x.survey));
  const questions = where.param(q.questions.map((x) => x.question));
  return where.and(`(survey, question) IN (SELECT * FROM unnest(${surveys}::text[], ${questions}::text[]))`);
}

/** The site's scan-only variables, or null when its variable rollups await a recount. */
async function scanOnlyVariables(db: Queryable, site: string): Promise<Set<string> | null> {
  const { rows } = await db.query<{ variable: string | null }>(
    `SELECT NULL AS variable FROM variable_rollups_pending WHERE site = $1
    UNION ALL SELECT variable FROM rollup_variables WHERE site = $1 AND scan_only = 1`,
    [site],
  );
  if (rows.some((r) => r.variable === null)) return null;
  return new Set(rows.map((r) => r.variable as string));
}

/** The stored cut points of the site's binned variables (migrations/postgres/019_variable_bins.sql). */
export async function pgStoredEdges(db: Queryable, site: string): Promise<Map<string, number[]>> {
  const { rows } = await db.query<{ variable: string; edges: string }>(
    'SELECT variable, edges FROM rollup_bins WHERE site = $1',
    [site],
  );
  return new Map(rows.map((r) => [r.variable, JSON.parse(r.edges) as number[]]));
}

/**
 * The table counts by variable and level read from: var_level_rollups (migration 026: var_rollups summed over
 * touchpoint and channel, a fraction of the rows to fetch and group) unless the query filters by either or the
 * site's level rollups are still to be summed (level-rollups.ts).
 */
async function levelTable(
  db: Queryable,
  site: string,
  q: { touchpoint?: string | undefined; channel?: string | undefined },
): Promise<'var_level_rollups' | 'var_rollups'> {
  if (q.touchpoint !== undefined || q.channel !== undefined) return 'var_rollups';
  return (await levelRollupsPending(db, site)) ? 'var_rollups' : 'var_level_rollups';
}

/**
 * A FROM source of `columns` of `table` over `where`'s window: whole weeks from its week rows (migration 032)
 * when it has them, else the day rows alone.
 */
function tiered(table: string, columns: readonly string[], where: Where, horizon: string): string {
  return isTiered(table)
    ? pgTieredSource(table, columns, where, horizon)
    : `(SELECT ${columns.join(', ')} FROM ${table} WHERE ${where.sql}) AS days`;
}

/** VariableCounts from the rollups, or null when the query needs the scan. */
export async function pgRollupVariableCounts(
  db: Queryable,
  site: string,
  q: VariableCountQuery,
): Promise<VariableCounts | null> {
  const plan = rollupPlanOf(q);
  const scanOnly = plan && (await scanOnlyVariables(db, site));
  if (!plan || !scanOnly) return null;
  if (plan.variables.some((v) => scanOnly.has(v))) return null;
  if (plan.all && [...scanOnly].some((v) => !v.startsWith('#'))) return null;
  const where = scoredWhere(site, q);
  const horizon = await pgWeekHorizon(db);
  const grouped = async (sql: string, params: unknown[]) =>
    (await db.query<GroupedRow & VariableRow>(sql, params)).rows;
  const scores = where.copy();
  const scoreSource = tiered('score_rollups', ['survey', 'touchpoint', 'channel', 'value', 'count'], scores, horizon);
  const total = await grouped(
    `SELECT 'all' AS key, value, sum(count)::int AS count FROM ${scoreSource} GROUP BY value`,
    scores.params,
  );
  const columns = new Map<RespondentColumn, GroupedRow[]>();
  for (const column of plan.keyColumns) {
    columns.set(
      column,
      await grouped(
        `SELECT ${column} AS key, value, sum(count)::int AS count FROM ${scoreSource} GROUP BY 1, 2`,
        scores.params,
      ),
    );
  }
  let names = plan.variables;
  if (plan.all) {
    const { rows } = await db.query<{ variable: string }>(
      "SELECT variable FROM rollup_variables WHERE site = $1 AND variable NOT LIKE '#%'",
      [site],
    );
    names = [...new Set([...names, ...rows.map((r) => r.variable)])];
  }
  const named = where.copy().and('variable = ANY({}::text[])', names);
  const variables =
    names.length === 0
      ? []
      : await grouped(
          `SELECT variable, level AS key, value, sum(count)::int AS count
          FROM ${tiered(await levelTable(db, site, q), ['variable', 'level', 'value', 'count'], named, horizon)}
          GROUP BY 1, 2, 3 HAVING sum(count) <> 0`,
          named.params,
        );
  return countsOfRollups(q, total, columns, variables, await pgStoredEdges(db, site));
}

/**
 * The var_rollups WHERE of a query filtered by one rolled-up `var.*` variable at one level, or null when the
 * filter needs the scan (none or two, verified, the variable scan only or binned, the site awaiting its recount).
 */
async function filteredWhere(db: Queryable, site: string, q: Omit<HistogramQuery, 'groupBy'>): Promise<Where | null> {
  const filters = Object.entries(q.vars ?? {});
  const [name, value] = filters[0] ?? [];
  if (filters.length !== 1 || name === undefined || value === undefined || q.verified) return null;
  if (q.questions === undefined) return null;
  const scanOnly = await scanOnlyVariables(db, site);
  // A binned variable keeps no level per value: an equality filter on it needs the scan.
  if (!scanOnly || scanOnly.has(name) || (await pgStoredEdges(db, site)).has(name)) return null;
  const where = scoredWhere(site, { ...q, questions: q.questions });
  if (q.question !== undefined) where.and('question = {}', q.question);
  // The level is the value's JSON text: the text as written, or the number or boolean it spells (as the scan).
  const literal = /^(true|false|-?\d+(\.\d+)?([eE][+-]?\d+)?)$/.test(value) ? JSON.stringify(JSON.parse(value)) : null;
  where.and('variable = {}', name);
  where.and(`level IN ({}, ${where.param(literal ?? JSON.stringify(value))})`, JSON.stringify(value));
  return where;
}

/** Whether the histograms of `q` come from the rollups (score or variable) or a scan: Store.histogramSource. */
export async function pgHistogramSource(
  db: Queryable,
  site: string,
  q: Omit<HistogramQuery, 'groupBy'>,
): Promise<'rollup' | 'scan'> {
  if (q.verified) return 'scan';
  if (!q.vars || Object.keys(q.vars).length === 0) return 'rollup';
  return (await filteredWhere(db, site, q)) === null ? 'scan' : 'rollup';
}

/** Histograms filtered by one rolled-up `var.*` variable, or null when the filter needs the scan. */
export async function pgRollupFilteredHistograms(
  db: Queryable,
  site: string,
  q: HistogramQuery,
): Promise<HistogramRow[] | null> {
  const where = await filteredWhere(db, site, q);
  if (where === null) return null;
  const { rows } = await db.query<HistogramRow>(
    `SELECT ${GROUP_COLUMN[q.groupBy]} AS key, value, sum(count)::int AS count FROM var_rollups
    WHERE ${where.sql} GROUP BY 1, 2 HAVING sum(count) > 0`,
    where.params,
  );
  return rows;
}

/** The same, by touchpoint × channel (channel effects with one `var.*` filter), or null for the scan. */
export async function pgRollupFilteredChannelHistograms(
  db: Queryable,
  site: string,
  q: Omit<HistogramQuery, 'groupBy'>,
): Promise<ChannelHistogramRow[] | null> {
  const where = await filteredWhere(db, site, q);
  if (where === null) return null;
  const { rows } = await db.query<ChannelHistogramRow>(
    `SELECT touchpoint, channel, value, sum(count)::int AS count FROM var_rollups
    WHERE ${where.sql} GROUP BY 1, 2, 3 HAVING sum(count) > 0`,
    where.params,
  );
  return rows;
}

/**
 * The model cells (survey × touchpoint × channel × answer, each variable's level, and with two or more
 * variables the pairs of their levels) from the score, variable, level, cell and pairwise rollups, or null when
 * they cannot answer the query and the caller scans.
 */
export async function pgRollupModelCells(db: Queryable, site: string, q: ModelCellQuery): Promise<ModelCells | null> {
  if (q.verified !== undefined || q.qtype === undefined) return null;
  if (q.vars && Object.keys(q.vars).length > 0) return null;
  const names = [...new Set(q.variables)];
  // The pairwise rollups keep neither touchpoint nor channel.
  if (names.length > 1 && (q.touchpoint !== undefined || q.channel !== undefined)) return null;
  if (names.length > 0) {
    const scanOnly = await scanOnlyVariables(db, site);
    const edges = await pgStoredEdges(db, site);
    // A binned variable keeps bins, not the values the scan levels itself.
    if (!scanOnly || names.some((v) => scanOnly.has(v) || edges.has(v))) return null;
  }
  if (names.length > 1) {
    // A variable not crossed in the pairwise rollups (no row: no value yet, nothing to cross).
    const { rows } = await db.query<{ variable: string }>(
      'SELECT variable FROM pair_variables WHERE site = $1 AND crossed = 0',
      [site],
    );
    const refused = new Set(rows.map((r) => r.variable));
    if (names.some((v) => refused.has(v))) return null;
  }
  // Every read takes its window's whole weeks from the week rollups (migration 032).
  const where = scoredWhere(site, q);
  const horizon = await pgWeekHorizon(db);
  const scores = where.copy();
  const total = (
    await db.query<ModelCellRow>(
      `SELECT survey, touchpoint, channel, value, sum(count)::int AS count
      FROM ${tiered('score_rollups', ['survey', 'touchpoint', 'channel', 'value', 'count'], scores, horizon)}
      GROUP BY 1, 2, 3, 4 HAVING sum(count) <> 0`,
      scores.params,
    )
  ).rows;
  if (names.length === 0) return { total, margins: [], levels: [], pairs: [] };
  // The answers by level from var_level_rollups (migration 026) where it is summed, as the driver screen reads
  // them: a sixth of var_rollups' rows, read through its key (~460 → ~80 ms for six variables at 1M).
  const named = where.copy().and('variable = ANY({}::text[])', names);
  const margins = (
    await db.query<ModelCells['margins'][number]>(
      `SELECT variable, level, value, sum(count)::int AS count
      FROM ${tiered(await levelTable(db, site, q), ['variable', 'level', 'value', 'count'], named, horizon)}
      GROUP BY 1, 2, 3 HAVING sum(count) <> 0`,
      named.params,
    )
  ).rows;
  // Grouped by the cell columns the model has only, and not by answer: from var_cell_rollups (migration 030:
  // var_rollups without the answer value, a fraction of its rows) once the site's are summed, as SQLite's 025.
  const cells = (['survey', 'touchpoint', 'channel'] as const).map((c) => (q.cells.includes(c) ? c : `'' AS ${c}`));
  const cellTable = (await cellRollupsPending(db, site)) ? 'var_rollups' : 'var_cell_rollups';
  const celled = where.copy().and('variable = ANY({}::text[])', names);
  const cellColumns = ['variable', 'level', 'survey', 'touchpoint', 'channel', 'count'];
  const levels = (
    await db.query<ModelCells['levels'][number]>(
      `SELECT variable, level, ${cells.join(', ')}, sum(count)::int AS count
      FROM ${tiered(cellTable, cellColumns, celled, horizon)} GROUP BY 1, 2, 3, 4, 5 HAVING sum(count) <> 0`,
      celled.params,
    )
  ).rows;
  const paired = where.copy();
  const list = paired.param(names);
  paired.and(`variable_a = ANY(${list}::text[])`).and(`variable_b = ANY(${list}::text[])`);
  const pairColumns = ['variable_a', 'level_a', 'variable_b', 'level_b', 'count'];
  const pairs =
    names.length < 2
      ? []
      : (
          await db.query<ModelPairRow>(
            `SELECT variable_a AS "variableA", level_a AS "levelA", variable_b AS "variableB", level_b AS "levelB",
              sum(count)::int AS count FROM ${tiered('var_pair_rollups', pairColumns, paired, horizon)}
            GROUP BY 1, 2, 3, 4 HAVING sum(count) <> 0`,
            paired.params,
          )
        ).rows;
  return { total, margins, levels, pairs };
}
