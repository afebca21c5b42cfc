import { Analyser } from './analyse.js';
import { insightRecord, type SurveyShape } from './record.js';
import type { PendingResponse, SqliteInsights } from './sqlite-insights.js';

/** Responses analysed per transaction: big enough to amortise the commit, small enough not to stall the loop. */
export const INSIGHT_BATCH = 200;

const NO_SHAPE: SurveyShape = { text: [], nps: null };

/** Analyses responses in batches with each site's taxonomy and roster, and stores the results. */
export class InsightWorker {
  private readonly analysers = new Map<string, Analyser>();

  constructor(readonly store: SqliteInsights) {}

  /** After a site's taxonomy or roster changed: its next analyses use the new one. */
  forget(site: string): void {
    this.analysers.delete(site);
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

  /** Analyses the next batch of new (and completed partial) responses; returns how many it analysed. */
  runBatch(limit = INSIGHT_BATCH): number {
    const { fresh, changed } = this.store.nextBatch(limit);
    if (fresh.length === 0 && changed.length === 0) return 0;
    const shapes = this.store.surveyShapes();
    const done = this.analyse([...fresh, ...changed], shapes);
    this.store.save(done, fresh.at(-1)?.row);
    return done.length;
  }

  /** Analyses all of a site's responses again (after a taxonomy change, or for data from before). */
  backfill(site: string, limit = INSIGHT_BATCH): number {
    this.forget(site);
    const shapes = this.store.surveyShapes();
    let row = 0;
    let total = 0;
    for (;;) {
      const page = this.store.sitePage(site, row, limit);
      if (page.length === 0) return total;
      this.store.save(this.analyse(page, shapes));
      row = page.at(-1)!.row;
      total += page.length;
    }
  }
}
