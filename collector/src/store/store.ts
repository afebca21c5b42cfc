import type { FixedBins } from '../scoring/levels.js';
import type {
  ApiKey,
  ApiKeyKind,
  Channel,
  IngestStatus,
  Site,
  StoredResponse,
  Survey,
  Touchpoint,
} from '@touchpoint/shared';
import type { ClosedLoopStore } from './closed-loop-store.js';
import type { ImprovementStore } from './improvement-store.js';
import type { ReceiptStore } from './receipt-store.js';
import type { SiteCache } from './site-cache.js';

/**
 * A response as the ingest service hands it to the store: validated, defaulted and enriched. The
 * store decides the misuse flag, since it sees the kiosk's earlier answers.
 */
export type ResponseRecord = Omit<StoredResponse, 'updatedAt' | 'flagged' | 'flagReason'> & {
  /** milliseconds from the survey appearing to the last answer, as the client measured it */
  durationMs?: number | null;
  /** the ingest service saw it as part of a client's burst (misuse/verdict.ts): the store flags it */
  clientBurst?: boolean;
};

/** An impression or dismissal, for response rates. */
export interface ShownEventRecord {
  id: string;
  site: string;
  type: 'impression' | 'dismiss';
  survey: string;
  touchpoint: string;
  channel: Channel;
  trigger: string | null;
  createdAt: string;
  receivedAt: string;
}

/** A kiosk's heartbeat: it is alive and has `queued` answers waiting to be sent. */
export interface HeartbeatRecord {
  id: string;
  site: string;
  type: 'heartbeat';
  kiosk: string;
  touchpoint: string | null;
  queued: number;
  online: boolean;
  version: string | null;
  createdAt: string;
  receivedAt: string;
}

export type EventRecord = ShownEventRecord | HeartbeatRecord;

/** What saving one item did. `conflict`: the id is taken by another site or survey. */
export type SaveOutcome = { id: string; status: IngestStatus } | { id: string; status: 'conflict' };

/** A kiosk as last heard from. */
export interface KioskStatus {
  site: string;
  kiosk: string;
  /** the name people gave it in the dashboard; null until then */
  name: string | null;
  touchpoint: string | null;
  lastSeenAt: string;
  queued: number;
  online: boolean;
  version: string | null;
}

/** The question types whose answers are scored and rolled up (integers on their scale). */
export type ScoredType = 'nps' | 'csat' | 'ces' | 'smiley' | 'thumbs';

/** Which responses a score covers: a site's local days from..to (inclusive), narrowed down. */
export interface ScoreFilter {
  /** first day, 'YYYY-MM-DD' */
  from: string;
  /** last day, 'YYYY-MM-DD' */
  to: string;
  /** the site's IANA time zone, whose local days `from` and `to` are (absent: UTC) */
  timeZone?: string;
  survey?: string;
  touchpoint?: string;
  channel?: Channel;
  /** only answers verified by a receipt (scanned, answered within its validity window); the store scans */
  verified?: 'receipt';
  /**
   * variable → value as written in a query (`segment` → `loyalty-gold`): one rolled-up variable is read from
   * the variable rollups, more (or a scan-only one) from a scan
   */
  vars?: Readonly<Record<string, string>>;
}

/**
 * Which responses to list or export (the admin API's filter in domain terms). Times are ISO 8601 dates or
 * timestamps; the window's end is `before`, exclusive, because at this seam `to` always means a last day,
 * inclusive (see ScoreFilter).
 */
export interface ResponseQuery {
  survey?: string;
  touchpoint?: string;
  channel?: Channel;
  /** first instant, inclusive */
  from?: string;
  /** end instant, exclusive */
  before?: string;
  /** true: only partial responses; false: only complete ones */
  partial?: boolean;
  /** true: only responses the misuse filter flagged; false: only the others */
  flagged?: boolean;
  /** only responses verified by a receipt (stores with receipt tables) */
  verified?: 'receipt';
  /** respondent id or e-mail */
  respondent?: string;
}

/** How score counts are grouped; `none` gives one group keyed 'all'. */
export type ScoreGrouping = 'none' | 'survey' | 'touchpoint' | 'channel' | 'day';

/** Answers to every question of one type (or one question) in a window, as a histogram per group. */
export interface HistogramQuery extends ScoreFilter {
  qtype: ScoredType;
  question?: string;
  /** only answers to these (survey, question) pairs: one a survey counts each respondent once */
  questions?: readonly { survey: string; question: string }[];
  groupBy: ScoreGrouping;
  /**
   * Grouped by day, a store may answer a whole ISO week of the window with one row keyed by its Monday (the
   * caller buckets days by week): SQLite then reads its week rollups. Others answer by day.
   */
  weeks?: boolean;
}

/** `count` respondents of group `key` gave `value`. */
export interface HistogramRow {
  key: string;
  value: number;
  count: number;
}

/** Answered responses and impressions per group; impressions carry no variables, so no `vars` filter. */
export interface ExposureQuery extends Omit<ScoreFilter, 'vars'> {
  groupBy: 'none' | 'survey' | 'touchpoint' | 'channel' | 'trigger';
}

/** How often surveys of group `key` were shown and answered; `trigger` groups without one are keyed '(none)'. */
export interface ExposureRow {
  key: string;
  answered: number;
  impressions: number;
}

/** What an erasure removed, by kind; `notes` say what it could not finish at once. */
export interface RespondentErasure {
  responses: number;
  cases: number;
  deliveries: number;
  notes: string[];
}

/** What retention does to an old response: strip what identifies the person, or remove it. */
export type RetentionAction = 'anonymise' | 'delete';

/** Respondent-level rows for segments, drivers and impact. */
export interface RespondentQuery extends ScoreFilter {
  /**
   * the scored answers to return; rows with none of them are left out. A pair's own `qtype` gates its
   * answers as `qtype` below does (and overrides it for that pair).
   */
  questions: readonly { survey: string; question: string; qtype?: ScoredType }[];
  /** the variables to return, or 'all' of them */
  variables: readonly string[] | 'all';
  /**
   * When set, an answer counts only if its question was of this type when the response first arrived
   * (the rule the rollups follow, so a type change never reinterprets old answers); else every listed one.
   */
  qtype?: ScoredType;
}

/**
 * Respondents who answered a rating question and an NPS question of the same response, each typed so when
 * the response arrived: per survey, its rating question and its NPS question.
 */
export interface ImpactQuery extends Omit<ScoreFilter, 'vars' | 'verified'> {
  rating: ScoredType;
  pairs: readonly { survey: string; question: string; npsQuestion: string }[];
}

/** `count` respondents of `touchpoint` rated `rating` and answered `loyalty` to the NPS question. */
export interface ImpactCountRow {
  touchpoint: string;
  rating: number;
  loyalty: number;
  count: number;
}

/** A question's type from `since` (a received_at; '' = from the start) until its next span. */
export interface QuestionTypeSpan {
  survey: string;
  question: string;
  since: string;
  qtype: string;
}

/** Built-in respondent columns that segments and drivers can break down by. */
export type RespondentColumn = 'channel' | 'device' | 'trigger' | 'touchpoint' | 'survey';

/**
 * The model cells of a window (multivariable drivers from rollups): the respondents `variableCounts` would
 * count, by survey, touchpoint, channel and answer; for each of `variables` (`var.*` names, or '#device' /
 * '#trigger') also by its level; and with two or more, how many have each pair of their levels.
 */
export interface ModelCellQuery extends Omit<RespondentQuery, 'variables'> {
  /** the variables crossed with `cells` (and, two or more, with each other) */
  variables: readonly string[];
  /** the score rollups' columns the model has as drivers, which each variable's levels are counted by */
  cells: readonly ('survey' | 'touchpoint' | 'channel')[];
}

/** `count` respondents of one touchpoint and channel gave `value`. */
export interface ChannelHistogramRow {
  touchpoint: string;
  channel: string;
  value: number;
  count: number;
}

/** `count` respondents of one survey, touchpoint and channel gave `value`. */
export interface ModelCellRow {
  survey: string;
  touchpoint: string;
  channel: string;
  value: number;
  count: number;
}

/** `count` respondents have level `levelA` of `variableA` and `levelB` of `variableB` (JSON texts). */
export interface ModelPairRow {
  variableA: string;
  levelA: string;
  variableB: string;
  levelB: string;
  count: number;
}

/**
 * What the rollups hold for a ModelCellQuery: every respondent (`total`, from the score rollups), those with a
 * value of each variable (`margins` and `levels`, from the variable rollups; the rest have none) and, with two or more
 * variables, those with values of two (`pairs`, from the pairwise rollups of migration 025).
 */
export interface ModelCells {
  total: ModelCellRow[];
  /** each variable's levels by answer value */
  margins: { variable: string; level: string; value: number; count: number }[];
  /** each variable's levels by the query's `cells` (the other cell columns '') */
  levels: { variable: string; level: string; survey: string; touchpoint: string; channel: string; count: number }[];
  pairs: ModelPairRow[];
}

/** Answer counts per variable value over the respondents `respondentRows` would return for the same query. */
export interface VariableCountQuery extends RespondentQuery {
  /** built-in columns to count by */
  columns: readonly RespondentColumn[];
  /**
   * Raw values of numeric variables, not their stored bins (segments with `bins=` asked): the rollups of a
   * binned variable cannot answer it, so the store scans.
   */
  rawValues?: boolean;
}

/** One value of a variable (null: respondents without one) and the [answer, count] pairs of those having it. */
export interface ValueCounts {
  value: string | number | boolean | null;
  answers: [number, number][];
}

/**
 * Each scored answer counted once by (value, answer), per column and per variable: what segments and
 * drivers need, aggregated in one scan instead of a row per respondent.
 */
export interface VariableCounts {
  /** [answer, count] over everyone counted */
  total: [number, number][];
  /** one entry per column asked, in order */
  columns: { name: RespondentColumn; values: ValueCounts[] }[];
  /**
   * One entry per variable asked, in order; for 'all', each variable any counted respondent has. A numeric
   * variable with stored bin edges (unless `rawValues`) comes binned: `bins` set, each value a bin's label,
   * null for the missing level (those with no number among them counted in `bins.unparseable`).
   */
  vars: { name: string; values: ValueCounts[]; bins?: FixedBins }[];
  /** read from the variable rollups, or an exact scan of the window's responses (the counts are equal) */
  source: 'rollup' | 'scan';
}

/** One respondent: where they answered, their scored answers and variables. */
export interface RespondentRow {
  survey: string;
  touchpoint: string;
  channel: string;
  trigger: string | null;
  device: string | null;
  /** question id → scored answer, for the questions asked for */
  answers: Record<string, number>;
  vars: Record<string, string | number | boolean>;
}

/** An API key with its hash, as the store keeps it. */
export interface ApiKeyRecord extends ApiKey {
  hash: string;
}

/** One page of responses, newest first. */
export interface ResponsePage {
  items: StoredResponse[];
  nextCursor: string | null;
}

/**
 * Everything the collector keeps, behind domain verbs. Each implementation (SQLite now, PostgreSQL
 * next) passes the same contract suite in test/store/contract.ts.
 *
 * Writes of responses and events are group-committed: a promise resolves only once its rows are
 * durably committed, so the caller may acknowledge them.
 */
export interface Store {
  /** rules, webhook endpoints, follow-up cases and the outbox (store/closed-loop-store.ts) */
  readonly closedLoop: ClosedLoopStore;
  /** receipt QR codes: secrets, scans, refusals, receipts issued (store/receipt-store.ts, docs/RECEIPTS.md) */
  readonly receipts: ReceiptStore;
  /** "you said, we did" improvements and their notices (store/improvement-store.ts) */
  readonly improvements: ImprovementStore;
  /**
   * The cache of sites the hot paths read (ingest, widget config, the write plan). The store's edit verbs
   * invalidate it themselves; a store shared by several processes calls `sites.invalidate(site)` when
   * another one reports an edit (PostgreSQL: LISTEN/NOTIFY). Routes never invalidate.
   */
  readonly sites: SiteCache;

  /** Commits a tiny write of its own, so `/healthz` tells whether the store can write now; throws if not. */
  probeWrite(): Promise<void>;
  /** The store's own consistency check (SQLite: `PRAGMA quick_check`): the problems found, none if healthy. */
  checkIntegrity(): Promise<string[]>;

  listSites(): Promise<Site[]>;
  getSite(key: string): Promise<Site | null>;
  /** false when a site with that key exists; a new site gets the default rules with it (one transaction) */
  createSite(site: Site): Promise<boolean>;
  /** false when there is no such site */
  updateSite(site: Site): Promise<boolean>;
  /** deletes the site with its touchpoints, surveys, responses and events */
  deleteSite(key: string): Promise<boolean>;

  listTouchpoints(site: string): Promise<Touchpoint[]>;
  getTouchpoint(site: string, id: string): Promise<Touchpoint | null>;
  createTouchpoint(site: string, touchpoint: Touchpoint): Promise<boolean>;
  updateTouchpoint(site: string, touchpoint: Touchpoint): Promise<boolean>;
  deleteTouchpoint(site: string, id: string): Promise<boolean>;

  /** the site's surveys; archived ones (deleted with answers) only with `archived: true` */
  listSurveys(site: string, opts?: { archived?: boolean }): Promise<Survey[]>;
  getSurvey(site: string, id: string): Promise<Survey | null>;
  createSurvey(site: string, survey: Survey): Promise<boolean>;
  updateSurvey(site: string, survey: Survey): Promise<boolean>;
  /**
   * Deletes a survey without answers; one with answers is archived instead: no longer listed, got or
   * served, its answers keep counting. Creating it again restores it with the new definition.
   */
  deleteSurvey(site: string, id: string): Promise<boolean>;
  /** Every type each question of the site's surveys (archived ones too) has had, oldest first. */
  questionTypes(site: string): Promise<QuestionTypeSpan[]>;

  /**
   * Stores responses idempotently by id: a new id is created; a repeat is a duplicate; a partial
   * response completed or extended later under the same id is merged into one row and updated.
   * A complete response is final: later sends of its id are duplicates.
   */
  saveResponses(records: ResponseRecord[]): Promise<SaveOutcome[]>;
  /** Stores impressions and dismissals idempotently by id; heartbeats update the kiosk's status. */
  saveEvents(records: EventRecord[]): Promise<SaveOutcome[]>;
  /**
   * How many saves (a request's responses or events each) have been waiting for their commit lately (a mean over
   * about the last half second): a few under light load, about the number of concurrent senders once commits
   * cannot keep up. Work that can wait (the verbatim analyses) gives way while it is high.
   */
  ingestBacklog(): number;

  getResponse(site: string, id: string): Promise<StoredResponse | null>;
  listResponses(site: string, filter: ResponseQuery, page: { limit: number; cursor?: string }): Promise<ResponsePage>;
  /** every matching response, newest first, read in pages so memory stays flat */
  exportResponses(site: string, filter: ResponseQuery): AsyncIterable<StoredResponse>;
  countResponses(site: string): Promise<number>;
  /**
   * Erases everything a respondent left on a site (GDPR art. 17): the responses whose respondent id
   * equals `respondent`, or whose e-mail or `contact` answer equals it in any case, with their cases,
   * notes and outbox rows; the bytes too, not only the rows. Returns what went, by kind.
   */
  deleteRespondent(site: string, respondent: string): Promise<RespondentErasure>;
  /**
   * Storage limitation: anonymises (or deletes) a site's responses created before `before`, leaving the
   * rollups (scores, counts) as they are. Returns how many responses it changed.
   */
  applyRetention(site: string, before: string, action: RetentionAction): Promise<number>;
  deleteResponse(site: string, id: string): Promise<boolean>;
  listKiosks(site: string): Promise<KioskStatus[]>;
  /** names a kiosk (null clears the name); false when the site has no such kiosk */
  nameKiosk(site: string, kiosk: string, name: string | null): Promise<boolean>;

  /**
   * Score histograms from the rollups (kept current on every write); with one `var.*` filter, from the variable
   * rollups at that level; with a verified filter, two `var.*` filters or one the variable rollups cannot answer
   * (the variable scan only or binned, the site awaiting its recount), from a scan.
   */
  scoreHistograms(site: string, query: HistogramQuery): Promise<HistogramRow[]>;
  /** Where scoreHistograms reads `query` from: 'rollup' or 'scan', by the rule above. */
  histogramSource(site: string, query: Omit<HistogramQuery, 'groupBy'>): Promise<'rollup' | 'scan'>;
  /**
   * Score histograms by touchpoint × channel filtered by one `var.*` level, from the variable rollups (channel
   * effects with that filter); null when they cannot answer (no such filter or two, a verified filter, the
   * variable scan only or binned at stored edges, the site awaiting its recount), when the caller scans.
   */
  filteredChannelHistograms(
    site: string,
    query: Omit<HistogramQuery, 'groupBy'>,
  ): Promise<ChannelHistogramRow[] | null>;
  /** Answered responses and impressions from the rollups. */
  responseCounts(site: string, query: ExposureQuery): Promise<ExposureRow[]>;
  /** Respondent-level rows of a window (a scan that reads only the columns and answers asked for). */
  respondentRows(site: string, query: RespondentQuery): Promise<RespondentRow[]>;
  /**
   * The joint (rating, NPS) counts per touchpoint from the impact rollups (migration 020); null while the
   * site awaits the recount of its rollups (Store.rebuildVariableRollups), when the caller scans.
   */
  impactCounts(site: string, query: ImpactQuery): Promise<ImpactCountRow[] | null>;
  /** the same respondents counted by (value, answer) per column and variable, for segments and drivers */
  variableCounts(site: string, query: VariableCountQuery): Promise<VariableCounts>;
  /**
   * The model cells from the score, variable and pairwise rollups; null when they cannot answer (var.* or
   * verified filters, a variable scan only, binned or without a pair slot, two or more variables with a
   * touchpoint or channel filter, the site awaiting its recount), when the caller scans.
   */
  modelCells(site: string, query: ModelCellQuery): Promise<ModelCells | null>;
  /**
   * Recounts a site's variable rollups and impact rollups from its responses (after migrations 017 and 020,
   * or to repair them), in one transaction; variables over the level cap come out scan only. Returns the
   * responses read.
   */
  rebuildVariableRollups(site: string): Promise<number>;

  /** `sites` limits the key to those sites; left out or null: every site */
  createApiKey(key: {
    name: string;
    kind: ApiKeyKind;
    hash: string;
    prefix: string;
    id?: string;
    sites?: string[] | null;
  }): Promise<ApiKey>;
  findApiKey(hash: string): Promise<ApiKeyRecord | null>;
  listApiKeys(): Promise<ApiKey[]>;
  deleteApiKey(id: string): Promise<boolean>;
  /** records the last use of a key (coarse: at most once a minute per key) */
  touchApiKey(id: string, at: string): Promise<void>;

  /** Commits pending writes and closes. Later writes are refused. */
  close(): Promise<void>;
}
