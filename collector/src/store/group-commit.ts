import { DecayingMean } from '../lib/decaying-mean.js';

/** How quickly `backlog` forgets: a queue that lasted about this long shows in full. */
const BACKLOG_TAU_MS = 500;

/**
 * Group commit: writes that arrive close together share one transaction (one fsync), and each
 * caller's promise settles only after that transaction has committed.
 *
 * A batch is committed when the first pending write has waited `windowMs` (0 = the next turn of the
 * event loop) or when `maxRows` rows are pending, whichever comes first. At most one commit runs at
 * a time: writes that arrive while one runs (on a writer thread) wait for it and then go together in
 * the next, which is where the batching comes from under load.
 *
 * `commit` receives every caller's items and returns (or resolves to) one result per caller, or an
 * Error for that caller alone; if it throws or rejects, every caller in the batch is rejected and
 * nothing of the batch is acknowledged.
 */
export class GroupCommit<T, R> {
  private pending: { items: T[]; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private rows = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;
  /** callers waiting for their commit (pending or in flight), and their recent mean */
  private readonly waiting = new DecayingMean(BACKLOG_TAU_MS);

  /**
   * `maxInFlight`: commits that may be under way at once. 1 (the default) batches on this side; a writer
   * that batches on its own side (the writer thread drains its queue into one transaction) takes more.
   */
  constructor(
    private readonly commit: (groups: T[][]) => (R | Error)[] | Promise<(R | Error)[]>,
    private readonly windowMs: number,
    private readonly maxRows: number,
    private readonly maxInFlight = 1,
  ) {}

  /** Queues items for the next commit; resolves with their result once it is durable. */
  submit(items: T[]): Promise<R> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    this.waiting.add(1);
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ items, resolve, reject });
      this.rows += items.length;
      if (this.inFlight.size >= this.maxInFlight) return; // a running commit flushes these when it ends
      if (this.rows >= this.maxRows) this.flush();
      else if (this.timer === null) {
        this.timer =
          this.windowMs > 0 ? setTimeout(() => this.flush(), this.windowMs) : setImmediate(() => this.flush());
      }
    });
  }

  /** Commits whatever is pending now, unless a commit is running (then it follows that one). */
  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = null;
    }
    if (this.inFlight.size >= this.maxInFlight || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.rows = 0;
    const settle = (results: (R | Error)[]) => {
      this.waiting.add(-batch.length);
      batch.forEach((p, i) => {
        const r = results[i] as R | Error;
        if (r instanceof Error) p.reject(r);
        else p.resolve(r);
      });
    };
    const fail = (err: unknown) => {
      this.waiting.add(-batch.length);
      batch.forEach((p) => p.reject(err));
    };
    let out: (R | Error)[] | Promise<(R | Error)[]>;
    try {
      out = this.commit(batch.map((p) => p.items));
    } catch (err) {
      fail(err);
      return;
    }
    if (!(out instanceof Promise)) {
      settle(out);
      return;
    }
    const running: Promise<void> = out.then(settle, fail).finally(() => {
      this.inFlight.delete(running);
      // What arrived meanwhile has waited a whole commit already: it goes at once.
      this.flush();
    });
    this.inFlight.add(running);
  }

  /**
   * How many callers have been waiting for their commit lately (pending or in flight; a mean over about the
   * last half second, weighted by time): a few under light load, about the number of concurrent clients once
   * commits cannot keep up. Read by work that should give way to ingest (plugins/insights.ts).
   */
  backlog(): number {
    return this.waiting.read();
  }

  /** Commits what is pending, waits for running commits, and refuses further writes. */
  async close(): Promise<void> {
    this.flush();
    this.closed = true;
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }
}
