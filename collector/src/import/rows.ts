import { csvRecords } from './csv-records.js';

/** The file formats an import reads. */
export type ImportFormat = 'csv' | 'ndjson';

/** One row of an import file: its number as people count them (CSV: the file line; NDJSON: the line). */
export interface ImportRow {
  row: number;
  /** column → value: CSV cells are strings; NDJSON values keep their JSON type */
  fields: Record<string, unknown>;
}

/** A row that cannot be read at all (bad JSON, a CSV row with more cells than the header). */
export class RowReadError extends Error {
  constructor(
    readonly row: number,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The format a file name or content type names, or null. */
export function formatOf(nameOrType: string): ImportFormat | null {
  const s = nameOrType.toLowerCase();
  if (/\.csv$|^text\/csv\b/.test(s)) return 'csv';
  if (/\.(ndjson|jsonl)$|^application\/(x-ndjson|jsonl|x-jsonlines)\b/.test(s)) return 'ndjson';
  return null;
}

/**
 * Rows of a CSV (a header line, then one answer per line) or NDJSON (one JSON object per line) file.
 * A row that cannot be read is yielded as a RowReadError so the import can name it and go on.
 */
export async function* importRows(
  format: ImportFormat,
  chunks: AsyncIterable<string>,
): AsyncGenerator<ImportRow | RowReadError> {
  if (format === 'csv') {
    let header: string[] | null = null;
    for await (const rec of csvRecords(chunks)) {
      if (!header) {
        header = rec.cells.map((c) => c.trim());
        continue;
      }
      if (rec.cells.length > header.length) {
        yield new RowReadError(rec.line, 'row', `has ${rec.cells.length} cells, the header names ${header.length}`);
        continue;
      }
      const fields: Record<string, unknown> = {};
      header.forEach((name, i) => {
        if (name !== '') fields[name] = rec.cells[i] ?? '';
      });
      yield { row: rec.line, fields };
    }
    return;
  }
  let line = 0;
  for await (const text of lines(chunks)) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      yield new RowReadError(line, 'row', `is not JSON: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield new RowReadError(line, 'row', 'is not a JSON object');
      continue;
    }
    yield { row: line, fields: flatten(value as Record<string, unknown>) };
  }
}

/**
 * An NDJSON object as the columns a CSV would have: `answers.q` → `q`, `vars`/`context.vars` entries →
 * `var.name`, `respondent.email` → `email`, `respondent.id` → `respondentId`; other fields as they are.
 */
function flatten(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const nested = (v: unknown): Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'answers') Object.assign(out, nested(v));
    else if (k === 'vars') for (const [n, x] of Object.entries(nested(v))) out[`var.${n}`] = x;
    else if (k === 'context') {
      const ctx = nested(v);
      for (const [n, x] of Object.entries(nested(ctx.vars))) out[`var.${n}`] = x;
      if (ctx.channel !== undefined) out.channel = ctx.channel;
    } else if (k === 'respondent') {
      const r = nested(v);
      if (r.email !== undefined) out.email = r.email;
      if (r.id !== undefined) out.respondentId = r.id;
    } else out[k] = v;
  }
  return out;
}

/** Lines of text arriving in chunks (LF or CRLF), without their line breaks. */
async function* lines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of chunks) {
    rest += chunk;
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      yield rest.slice(0, nl).replace(/\r$/, '');
      rest = rest.slice(nl + 1);
    }
  }
  if (rest !== '') yield rest.replace(/\r$/, '');
}
