import { Analyser } from './analyse.js';
import { insightRecord, type SurveyShape } from './record.js';
import {
  decodeAnalyses,
  encodeAnalyses,
  type AnalysisToSave,
  type PendingResponse,
  type SqliteInsights,
} from './sqlite-insights.js';

/** Responses analysed per transaction: big enough to amortise the commit, small enough not to stall the loop. */
export const INSIGHT_BATCH = 200;

const NO_SHAPE: SurveyShape = { text: [], nps: null };

/** Analyses of responses, ready to be recorded, with the watermark to move to (undefined: stays). */
export interface AnalysedBatch {
  done: (AnalysisToSave & { response: PendingResponse })[];
  watermark: number | undefined;
}

/** A batch as it crosses threads: its analyses as one string (`encodeAnalyses`), how many, the watermark. */
export interface EncodedBatch {
  analyses: string;
  count: number;
  watermark: number | undefined;
}

/** The form of an analysed batch that another thread is sent. */
export const encodeBatch = (b: AnalysedBatch): EncodedBatch => ({
  analyses: encodeAnalyses(b.done),
  count: b.done.length,
  watermark: b.watermark,
});

/**
 * Records analyses somewhere other than the worker's own connection (the SQLite writer thread), given as
 * `encodeAnalyses` wrote them.
 */
export type BatchRecorder = (analyses: string, watermark: number | undefined) => Promise<void>;

/**
 * Analyses responses in batches with each site's taxonomy and roster, and stores the results. Reading and
 * analysing (`analyseNext`) only read the database, so they may run on the insight thread's own connection;
 * `record` writes: through `recorder` when given (the store's writer thread), else on the connection this
 * worker's store holds.
 */
export class InsightWorker {
  private readonly analysers = new Map<string, Analyser>();
  private readonly forgetListeners: ((site: string) => void)[] = [];

  constructor(
    readonly store: SqliteInsights,
    private readonly recorder: BatchRecorder | null = null,
  ) {}

  /** After a site's taxonomy or roster changed: its next analyses use the new one. */
  forget(site: string): void {
    this.analysers.delete(site);
    for (const listener of this.forgetListeners) listener(site);
  }

  /** Calls `listener` whenever a site is forgotten (the insight thread keeps analysers of its own). */
  onForget(listener: (site: string) => void): void {
    this.forgetListeners.push(listener);
  }

  private analyser(site: string): Analyser {
    let a = this.analysers.get(site);
    if (!a) {
      const config = this.store.config(site);
      a = new Analyser(config.taxonomy, config.roster);
      this.analysers.set(site, a);
    }
    return a;
  }

  private analyse(responses: PendingResponse[], shapes: Map<string, SurveyShape>) {
    return responses.map((response) => ({
      response,
      record: insightRecord(
        response,
        shapes.get(`${response.site}/${response.survey}`) ?? NO_SHAPE,
        this.analyser(response.site),
      ),
    }));
  }

  /** Reads and analyses the next batch of new (and completed partial) responses, without recording it. */
  analyseNext(limit = INSIGHT_BATCH): AnalysedBatch | null {
    const { fresh, changed, stepBack } = this.store.nextBatch(limit);
    if (fresh.length === 0 && changed.length === 0) {
      return stepBack === null ? null : { done: [], watermark: stepBack };
    }
    const shapes = this.store.surveyShapes();
    return {
      done: this.analyse([...fresh, ...changed], shapes),
      watermark: fresh.at(-1)?.row ?? stepBack ?? undefined,
    };
  }

  /**
   * Reads and analyses the new responses after `row` while the batch that ends there is being recorded (see
   * `SqliteInsights.freshAfter`); null when there are none yet.
   */
  analyseAfter(row: number, limit = INSIGHT_BATCH): AnalysedBatch | null {
    const fresh = this.store.freshAfter(row, limit);
    if (fresh.length === 0) return null;
    return { done: this.analyse(fresh, this.store.surveyShapes()), watermark: fresh.at(-1)!.row };
  }

  /**
   * Records a batch's analyses in one transaction; resolves with how many responses it held. An encoded batch
   * (from the insight thread) goes on to the recorder as it came.
   */
  async record(batch: AnalysedBatch | EncodedBatch): Promise<number> {
    if ('analyses' in batch) {
      if (this.recorder) await this.recorder(batch.analyses, batch.watermark);
      else this.store.save(decodeAnalyses(batch.analyses), batch.watermark);
      return batch.count;
    }
    if (this.recorder) await this.recorder(encodeAnalyses(batch.done), batch.watermark);
    else this.store.save(batch.done, batch.watermark);
    return batch.done.length;
  }

  /** Analyses and records the next batch (inline mode); resolves with how many it analysed. */
  async runBatch(limit = INSIGHT_BATCH): Promise<number> {
    const batch = this.analyseNext(limit);
    return batch ? await this.record(batch) : 0;
  }

  /** Analyses all of a site's responses again (after a taxonomy change, or for data from before). */
  async backfill(site: string, limit = INSIGHT_BATCH): Promise<number> {
    this.forget(site);
    const shapes = this.store.surveyShapes();
    let row = 0;
    let total = 0;
    for (;;) {
      const page = this.store.sitePage(site, row, limit);
      if (page.length === 0) {
        this.store.forgetEmerging(site); // clustered against the analyses just replaced
        return total;
      }
      await this.record({ done: this.analyse(page, shapes), watermark: undefined });
      row = page.at(-1)!.row;
      total += page.length;
    }
  }
}
