import type { FastifyInstance } from 'fastify';
import { LIMITS, type Channel, type SurveyResponse } from '@touchpoint/shared';
import { UnknownSiteError, UnknownSurveyError, ValidationError } from '../errors.js';
import { RowReadError, type ImportRow } from './rows.js';
import { rowKey, toResponse, type ImportTarget, type RowProblem } from './to-response.js';

/** Row problems an import reports one by one; beyond this it counts them only (a wrong file has thousands). */
export const MAX_REPORTED_PROBLEMS = 100;
/** Our own error messages read "path: problem" (see app.ts). */
const FIELD_MESSAGE = /^([A-Za-z0-9_.[\]-]+): (.+)$/s;

/** What an import is for. */
export interface ImportOptions {
  site: string;
  survey: string;
  /** channel of rows without a `channel` column (default phone: imports are mostly call-centre answers) */
  channel?: Channel | undefined;
  /** column → question id; '' ignores the column */
  map?: Record<string, string> | undefined;
  /** where the options came from, for error paths: `querystring.` for the API */
  at?: string;
}

/** What an import did. Re-running a file gives `created: 0` and every row `duplicate`. */
export interface ImportSummary {
  rows: number;
  created: number;
  /** already stored (same site, survey and row key): not stored again */
  duplicate: number;
  /** rows refused; the first MAX_REPORTED_PROBLEMS problems are in `problems` */
  failed: number;
  problems: RowProblem[];
}

/**
 * Imports rows as responses through the same ingest as `POST /v1/responses` (so rollups, misuse verdicts and
 * closed-loop cases follow), in batches. A bad row is reported by number and field and skipped; the others
 * are stored, so fixing the file and running it again adds just the fixed rows.
 */
export async function importResponses(
  fastify: FastifyInstance,
  opts: ImportOptions,
  rows: AsyncIterable<ImportRow | RowReadError>,
  onProgress: (s: ImportSummary) => void = () => {},
): Promise<ImportSummary> {
  const snapshot = await fastify.catalog.get(opts.site);
  const at = opts.at ?? '';
  if (!snapshot) throw new UnknownSiteError(`${at}site`, opts.site);
  const survey = snapshot.surveys.get(opts.survey);
  if (!survey) throw new UnknownSurveyError(`${at}survey`, opts.site, opts.survey);
  const map = opts.map ?? {};
  for (const [column, qid] of Object.entries(map)) {
    if (qid !== '' && !survey.questions.some((q) => q.id === qid)) {
      throw new ValidationError(`${at}map.${column}: survey "${survey.id}" has no question "${qid}"`);
    }
  }
  const target: ImportTarget = {
    site: opts.site,
    survey,
    touchpoints: new Set(snapshot.touchpoints.keys()),
    channel: opts.channel ?? 'phone',
    map,
  };
  const summary: ImportSummary = { rows: 0, created: 0, duplicate: 0, failed: 0, problems: [] };
  const fail = (p: RowProblem[]) => {
    summary.failed++;
    for (const x of p) if (summary.problems.length < MAX_REPORTED_PROBLEMS) summary.problems.push(x);
  };
  const seen = new Map<string, number>();
  let batch: { row: number; response: SurveyResponse }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await store(fastify, batch, summary, fail);
    batch = [];
    onProgress(summary);
  };
  for await (const row of rows) {
    summary.rows++;
    if (row instanceof RowReadError) {
      fail([{ row: row.row, field: row.field, message: row.message }]);
      continue;
    }
    let key = rowKey(row.fields, 0);
    if (key.startsWith('row:')) {
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      key = rowKey(row.fields, n);
    }
    const made = toResponse(row, key, target, Date.now());
    if (!made.ok) fail(made.problems);
    else batch.push({ row: row.row, response: made.response });
    if (batch.length >= LIMITS.batch) await flush();
  }
  await flush();
  return summary;
}

/** Stores a batch; when ingest refuses it, each row alone, so the refusal is pinned to its row. */
async function store(
  fastify: FastifyInstance,
  batch: { row: number; response: SurveyResponse }[],
  summary: ImportSummary,
  fail: (p: RowProblem[]) => void,
): Promise<void> {
  const meta = { origin: undefined, ownOrigin: '', userAgent: undefined };
  const count = (status: string) => {
    if (status === 'created') summary.created++;
    else summary.duplicate++;
  };
  try {
    const outcomes = await fastify.ingest.responses(
      batch.map((b) => b.response),
      meta,
      () => '',
    );
    for (const o of outcomes) count(o.status);
    return;
  } catch (err) {
    if (!isClientError(err)) throw err;
  }
  for (const b of batch) {
    try {
      const [o] = await fastify.ingest.responses([b.response], meta, () => '');
      if (o) count(o.status);
    } catch (err) {
      if (!isClientError(err)) throw err;
      const m = FIELD_MESSAGE.exec(err.message);
      fail([{ row: b.row, field: m?.[1] ?? 'row', message: m?.[2] ?? err.message }]);
    }
  }
}

/** A 4xx error of ours: the row is wrong, not the collector. */
function isClientError(err: unknown): err is Error & { statusCode: number } {
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  return err instanceof Error && typeof status === 'number' && status < 500;
}
