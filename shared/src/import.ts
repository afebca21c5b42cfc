import { z } from 'zod';
import { channel, slug } from './common.js';

/**
 * `--map` / `?map=`: which question each column answers, `score=nps,comment=why`; `col=` ignores a column.
 * Columns named after a question need no mapping.
 */
export const columnMap = z
  .string()
  .max(2000)
  .regex(/^([^=,]+=[^=,]*)(,[^=,]+=[^=,]*)*$/, 'must look like "column=question,column2=question2"')
  .transform((s) =>
    Object.fromEntries(s.split(',').map((pair) => pair.split('=').map((x) => x.trim()) as [string, string])),
  );

/** Query of `POST /v1/admin/sites/:site/imports`. */
export const importQuery = z.object({
  survey: slug,
  /** channel of rows without a `channel` column */
  channel: channel.default('phone'),
  map: columnMap.optional(),
});

/** One refused row of an import: its number in the file, the column (or field) and what is wrong. */
export const importProblem = z.object({ row: z.number().int(), field: z.string(), message: z.string() });

/** What an import did. Importing the same file again gives `created: 0` and every row `duplicate`. */
export const importSummary = z.object({
  rows: z.number().int(),
  /** stored now */
  created: z.number().int(),
  /** stored already (same site, survey and row key): not stored again */
  duplicate: z.number().int(),
  /** refused rows; `problems` lists the first 100 problems */
  failed: z.number().int(),
  problems: z.array(importProblem),
});
export type ImportSummaryReply = z.infer<typeof importSummary>;
