import { createReadStream, statSync } from 'node:fs';
import { channel as channelSchema, columnMap } from '@touchpoint/shared';
import type { Config } from '../config.js';
import { importResponses, MAX_REPORTED_PROBLEMS, type ImportSummary } from '../import/importer.js';
import { formatOf, importRows } from '../import/rows.js';
import { buildServer } from '../server.js';

/** Redraw the progress line at most this often, so a fast import is not slowed by the terminal. */
const PROGRESS_INTERVAL_MS = 100;
/** Width of the progress bar in characters. */
const BAR_WIDTH = 30;

/** `touchpoint import`'s options as typed on the command line. */
export interface ImportArgs {
  file: string;
  site: string | undefined;
  survey: string | undefined;
  channel: string | undefined;
  /** `col=question,col2=question2` (repeatable) */
  map: string[];
}

/** The summary line: "12 new, 3 already there, 1 refused (16 rows)". */
export function summaryLine(s: ImportSummary): string {
  return `${s.created} new, ${s.duplicate} already there, ${s.failed} refused (${s.rows} rows)`;
}

/**
 * `touchpoint import FILE --site S --survey Q`: reads a CSV or NDJSON file into the database through the
 * collector's own ingest, with a progress bar on a terminal. Returns false when a row was refused.
 */
export async function runImport(config: Config, args: ImportArgs): Promise<boolean> {
  if (!args.site) throw new Error('import: --site is required');
  if (!args.survey) throw new Error('import: --survey is required');
  const format = formatOf(args.file);
  if (!format) throw new Error(`import: ${args.file} is neither .csv nor .ndjson/.jsonl`);
  const ch = args.channel === undefined ? undefined : channelSchema.safeParse(args.channel);
  if (ch && !ch.success) throw new Error(`import: --channel must be one of ${channelSchema.options.join(', ')}`);
  const mapped = args.map.length > 0 ? columnMap.safeParse(args.map.join(',')) : undefined;
  if (mapped && !mapped.success) throw new Error(`import: --map ${mapped.error.issues[0]?.message ?? 'is wrong'}`);
  const map = mapped?.data;
  const size = statSync(args.file).size;

  const app = await buildServer(config);
  await app.ready();
  // The import only queues deliveries (replies, webhooks); the running server's worker sends them.
  await app.delivery.stop();
  const tty = process.stderr.isTTY;
  const stream = createReadStream(args.file, { encoding: 'utf8' });
  let drawn = 0;
  const progress = (s: ImportSummary, final = false) => {
    if (!tty || (!final && Date.now() - drawn < PROGRESS_INTERVAL_MS)) return;
    drawn = Date.now();
    const done = size === 0 ? 1 : Math.min(1, stream.bytesRead / size);
    const filled = Math.round(done * BAR_WIDTH);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}`;
    process.stderr.write(`\r[${bar}] ${Math.round(done * 100)}%  ${summaryLine(s)}${final ? '\n' : ''}`);
  };
  try {
    const summary = await importResponses(
      app,
      { site: args.site, survey: args.survey, channel: ch?.data, map },
      importRows(format, stream),
      progress,
    );
    progress(summary, true);
    for (const p of summary.problems) process.stdout.write(`row ${p.row}, ${p.field}: ${p.message}\n`);
    if (summary.problems.length >= MAX_REPORTED_PROBLEMS) {
      process.stdout.write(`… only the first ${MAX_REPORTED_PROBLEMS} problems are listed\n`);
    }
    process.stdout.write(`${args.file}: ${summaryLine(summary)}\n`);
    return summary.failed === 0;
  } finally {
    stream.destroy();
    await app.close();
  }
}
