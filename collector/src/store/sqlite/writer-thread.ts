import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SaveOutcome } from '../store.js';
import type { CommitResults, Write } from './writer.js';
import type { FromWriter, ToWriter } from './writer-worker.js';

/**
 * Starts the writer thread. Built, it is a plain module; under vitest or tsx this module runs from its
 * .ts source, and so must the worker: a one-line bootstrap loads it through tsx's API.
 */
function startWorker(file: string): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./writer-worker.js', import.meta.url), { workerData: { file } });
  }
  // The ESM build of tsx's API (require.resolve would pick its CommonJS one).
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./writer-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(bootstrap, { eval: true, workerData: { file }, execArgv: ['--conditions=source'] });
}

/** The main thread's handle on the writer thread: commits go there and come back as promises. */
export class WriterThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (r: CommitResults) => void; reject: (e: Error) => void }>();
  private seq = 0;
  private failure: Error | null = null;

  constructor(file: string) {
    this.worker = startWorker(file);
    this.worker.on('message', (m: FromWriter) => {
      const w = this.waiting.get(m.seq);
      if (!w) return;
      this.waiting.delete(m.seq);
      if (m.type === 'failed') w.reject(new Error(m.error));
      else w.resolve(m.results.map((r) => ('error' in r ? new Error(r.error) : (r as SaveOutcome[]))));
    });
    const fail = (err: Error) => {
      this.failure = err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the writer thread exited (code ${code})`)));
  }

  /** Sends one group commit to the writer thread; resolves once it has committed. */
  commit(groups: Write[][]): Promise<CommitResults> {
    if (this.failure) return Promise.reject(this.failure);
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      this.post({ type: 'commit', seq, groups });
    });
  }

  /** Tells the writer thread to forget what it caches about a site. Ordered before later commits. */
  invalidate(site: string): void {
    if (!this.failure) this.post({ type: 'invalidate', site });
  }

  /** Closes the write connection and ends the thread. */
  async close(): Promise<void> {
    if (this.failure) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.post({ type: 'close' });
    await exited;
  }

  private post(m: ToWriter): void {
    this.worker.postMessage(m);
  }
}
