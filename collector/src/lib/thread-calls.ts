import type { Worker } from 'node:worker_threads';

/** A message as the caller writes it: without the `seq` ThreadCalls numbers it with (each member of a union). */
export type Unnumbered<T> = T extends unknown ? Omit<T, 'seq'> : never;

/** Settles one call: with the thread's answer, or with the error it became. */
interface Waiter<A> {
  resolve: (answer: A) => void;
  reject: (err: Error) => void;
}

/**
 * Calls into a worker thread that answers each numbered message (`seq`) with one message of the same number,
 * in any order. The thread starts at once (or, `lazy`, at the first call); if it dies, every call still waiting
 * is rejected with the error `lost` makes of why ("failed: …", "exited (code …)"), and the next call starts a
 * new thread. Used by the store's writer threads (store/sqlite/writer-thread.ts, store/postgres/writer-thread.ts)
 * and the insight thread (insights/insight-thread.ts).
 */
export class ThreadCalls<To extends object, From extends { seq: number }> {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiter<From>>();
  private seq = 0;
  private closing = false;

  /**
   * `start`: starts the thread; `failure`: the error an answer stands for (null: the call resolves with it);
   * `lost`: the error of every waiting call when the thread fails or exits.
   */
  constructor(
    private readonly start: () => Worker,
    private readonly failure: (answer: From) => Error | null,
    private readonly lost: (why: string) => Error,
    lazy = false,
  ) {
    if (!lazy) this.begin();
  }

  private begin(): Worker {
    const worker = this.start();
    worker.on('message', (m: From) => {
      const w = this.waiting.get(m.seq);
      if (!w) return;
      this.waiting.delete(m.seq);
      const err = this.failure(m);
      if (err) w.reject(err);
      else w.resolve(m);
    });
    const died = (err: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on('error', (err) => died(this.lost(`failed: ${err.message}`)));
    worker.on('exit', (code) => died(this.lost(`exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  /** Sends `message` (numbered here: `seq`) to the thread, started again if it died; resolves with its answer. */
  call(message: Unnumbered<To>): Promise<From> {
    if (this.closing) return Promise.reject(new Error('store is closed'));
    const worker = this.worker ?? this.begin();
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      worker.postMessage({ ...message, seq });
    });
  }

  /** Sends a message that has no answer, in order with the calls; dropped when no thread runs (a new one knows nothing). */
  tell(message: Unnumbered<To>): void {
    this.worker?.postMessage(message);
  }

  /** Sends `last` (the thread ends on it) and resolves once the thread has exited; later calls are refused. */
  async close(last: Unnumbered<To>): Promise<void> {
    this.closing = true;
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage(last);
    await exited;
  }
}
