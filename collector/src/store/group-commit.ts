/**
 * Group commit: writes that arrive close together share one transaction (one fsync), and each
 * caller's promise settles only after that transaction has committed.
 *
 * A batch is committed when the first pending write has waited `windowMs` (0 = the next turn of the
 * event loop) or when `maxRows` rows are pending, whichever comes first. `commit` receives every
 * caller's items and returns one result (or an Error for that caller alone) per caller; if it throws,
 * every caller in the batch is rejected and nothing of the batch is acknowledged.
 */
export class GroupCommit<T, R> {
  private pending: { items: T[]; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private rows = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private closed = false;

  constructor(
    private readonly commit: (groups: T[][]) => (R | Error)[],
    private readonly windowMs: number,
    private readonly maxRows: number,
  ) {}

  /** Queues items for the next commit; resolves with their result once it is durable. */
  submit(items: T[]): Promise<R> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ items, resolve, reject });
      this.rows += items.length;
      if (this.rows >= this.maxRows) this.flush();
      else if (this.timer === null) {
        this.timer =
          this.windowMs > 0 ? setTimeout(() => this.flush(), this.windowMs) : setImmediate(() => this.flush());
      }
    });
  }

  /** Commits whatever is pending now. */
  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = null;
    }
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    this.rows = 0;
    let results: (R | Error)[];
    try {
      results = this.commit(batch.map((p) => p.items));
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => {
      const r = results[i] as R | Error;
      if (r instanceof Error) p.reject(r);
      else p.resolve(r);
    });
  }

  /** Commits what is pending and refuses further writes. */
  close(): void {
    this.flush();
    this.closed = true;
  }
}
