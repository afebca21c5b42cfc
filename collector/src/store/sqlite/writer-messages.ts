import type { ClaimedRow, OutboxOp } from './closed-loop/outbox.js';

// What crosses between the main thread and the SQLite writer thread; a commit's writes and results as
// store/write-wire.ts encodes them.
export { answersOf, decodeResults, decodeWrites, encodeResults, encodeWrites } from '../write-wire.js';

/**
 * Messages the main thread sends to the writer thread; `writes` is a commit's groups (`encodeWrites`);
 * `insights` records a batch of verbatim analyses (`SqliteInsights.save`), as `encodeAnalyses` wrote them;
 * `outbox` is one of the delivery worker's writes (structured-cloned: small, and one per delivery at most).
 */
export type ToWriter =
  | { type: 'commit'; seq: number; writes: string }
  | { type: 'insights'; seq: number; analyses: string; watermark: number | undefined; now: string }
  | { type: 'outbox'; seq: number; op: OutboxOp }
  | { type: 'invalidate'; site: string }
  | { type: 'close' };

/**
 * Messages the writer thread answers with: `results` holds each caller's outcomes or error message
 * (`encodeResults`); `saved` ends an `insights` message, `outboxed` an `outbox` one (with the rows a claim
 * leased). Errors cross the thread boundary as messages.
 */
export type FromWriter =
  | { type: 'committed'; seq: number; results: string }
  | { type: 'saved'; seq: number }
  | { type: 'outboxed'; seq: number; rows: ClaimedRow[] }
  | { type: 'failed'; seq: number; error: string };
