import { Analyser } from './analyse.js';
import { DEFAULT_TAXONOMY } from './default-taxonomy.js';
import { insightRecord, type InsightRecord, type ResponseForInsight, type SurveyShape } from './record.js';
import type { Roster, Taxonomy } from './types.js';

/** A site's taxonomy and roster with a version that changes with every edit (its `updated_at`). */
export interface SiteInsightSettings {
  site: string;
  version: string;
  taxonomy: Taxonomy;
  roster: Roster;
}

/** The settings of a site nobody edited: the seeded taxonomy, nobody on the roster. */
export const defaultSettings = (site: string): SiteInsightSettings => ({
  site,
  version: '',
  taxonomy: DEFAULT_TAXONOMY,
  roster: { staff: [] },
});

/** Responses to analyse with what the analysis needs: survey shapes by "site/survey", each site's settings. */
export interface AnalysisJob {
  responses: ResponseForInsight[];
  shapes: [key: string, shape: SurveyShape][];
  settings: SiteInsightSettings[];
}

const NO_SHAPE: SurveyShape = { text: [], nps: null };

/**
 * Analyses jobs that carry their settings (the PostgreSQL store's way, on the insight thread or inline):
 * an analyser per site is kept while its settings' version stays, so an edit on any collector reaches
 * every collector's next batch without a message between them.
 */
export class VersionedAnalysers {
  private readonly analysers = new Map<string, { version: string; analyser: Analyser }>();

  private analyser(s: SiteInsightSettings): Analyser {
    const kept = this.analysers.get(s.site);
    if (kept?.version === s.version) return kept.analyser;
    const analyser = new Analyser(s.taxonomy, s.roster);
    this.analysers.set(s.site, { version: s.version, analyser });
    return analyser;
  }

  /** The records of a job's responses, in its order. */
  analyse(job: AnalysisJob): InsightRecord[] {
    const shapes = new Map(job.shapes);
    const settings = new Map(job.settings.map((s) => [s.site, s]));
    return job.responses.map((r) =>
      insightRecord(
        r,
        shapes.get(`${r.site}/${r.survey}`) ?? NO_SHAPE,
        this.analyser(settings.get(r.site) ?? defaultSettings(r.site)),
      ),
    );
  }
}
