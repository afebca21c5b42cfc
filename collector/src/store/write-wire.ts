import type { EventRecord, ResponseRecord, SaveOutcome } from './store.js';

// How a group commit crosses between the main thread and a writer thread (SQLite's, sqlite/writer-worker.ts;
// PostgreSQL's, postgres/writer-worker.ts): as one JSON string each way rather than as structured-cloned
// objects, and a response (the hot write) as the array of its field values without their names. The main
// thread, which also serves every HTTP request, then spends on each record about half of what structured
// clone's walk through every field took, and the writer thread reads the string back with one JSON.parse.
// Records are plain JSON data (strings, finite numbers, booleans, null, nested plain objects); an undefined
// field arrives as null.

/** One write of a group commit's caller: a response or an event. */
export type Write = { response: ResponseRecord } | { event: EventRecord };

/** Per caller of a group commit: its outcomes, or the error that rolled its writes back. */
export type CommitResults = (SaveOutcome[] | Error)[];

/** A response on the wire: its fields in this order. */
type ResponseRow = [
  id: ResponseRecord['id'],
  site: ResponseRecord['site'],
  survey: ResponseRecord['survey'],
  touchpoint: ResponseRecord['touchpoint'],
  answers: ResponseRecord['answers'],
  partial: ResponseRecord['partial'],
  locale: ResponseRecord['locale'],
  createdAt: ResponseRecord['createdAt'],
  receivedAt: ResponseRecord['receivedAt'],
  channel: ResponseRecord['channel'],
  url: ResponseRecord['url'],
  referrer: ResponseRecord['referrer'],
  trigger: ResponseRecord['trigger'],
  kiosk: ResponseRecord['kiosk'],
  durationMs: ResponseRecord['durationMs'],
  vars: ResponseRecord['vars'],
  respondentId: ResponseRecord['respondentId'],
  respondentEmail: ResponseRecord['respondentEmail'],
  device: ResponseRecord['device'],
  os: ResponseRecord['os'],
  browser: ResponseRecord['browser'],
  clientBurst: ResponseRecord['clientBurst'],
];

/** A write on the wire: a response as its row, an event (rarer, and of three shapes) as it is. */
type WireWrite = ResponseRow | Extract<Write, { event: unknown }>;

/** One caller's results on the wire: its outcomes, or the message of the error that rolled its writes back. */
type WireResult = SaveOutcome[] | { error: string };

function toRow(r: ResponseRecord): ResponseRow {
  return [
    r.id,
    r.site,
    r.survey,
    r.touchpoint,
    r.answers,
    r.partial,
    r.locale,
    r.createdAt,
    r.receivedAt,
    r.channel,
    r.url,
    r.referrer,
    r.trigger,
    r.kiosk,
    r.durationMs,
    r.vars,
    r.respondentId,
    r.respondentEmail,
    r.device,
    r.os,
    r.browser,
    r.clientBurst,
  ];
}

/** `Required`: a field added to ResponseRecord fails to compile here until the row carries it. */
function fromRow(row: ResponseRow): Required<ResponseRecord> {
  return {
    id: row[0],
    site: row[1],
    survey: row[2],
    touchpoint: row[3],
    answers: row[4],
    partial: row[5],
    locale: row[6],
    createdAt: row[7],
    receivedAt: row[8],
    channel: row[9],
    url: row[10],
    referrer: row[11],
    trigger: row[12],
    kiosk: row[13],
    durationMs: row[14] ?? null, // JSON has no undefined
    vars: row[15],
    respondentId: row[16],
    respondentEmail: row[17],
    device: row[18],
    os: row[19],
    browser: row[20],
    clientBurst: row[21] ?? false,
  };
}

/** The groups of a commit, for the writer thread. */
export function encodeWrites(groups: Write[][]): string {
  return JSON.stringify(groups.map((g) => g.map((w): WireWrite => ('response' in w ? toRow(w.response) : w))));
}

/** The groups of a commit, on the writer thread. */
export function decodeWrites(wire: string): Write[][] {
  return (JSON.parse(wire) as WireWrite[][]).map((g) =>
    g.map((w): Write => (Array.isArray(w) ? { response: fromRow(w) } : w)),
  );
}

/** Each caller's results, for the main thread. */
export function encodeResults(results: CommitResults): string {
  return JSON.stringify(results.map((r): WireResult => (r instanceof Error ? { error: r.message } : r)));
}

/** Each caller's results, on the main thread; an error arrives as an Error with the same message. */
export function decodeResults(wire: string): CommitResults {
  return (JSON.parse(wire) as WireResult[]).map((r) => ('error' in r ? new Error(r.error) : r));
}

/**
 * A writer thread's answers to the commit messages it joined into one transaction (`results` holds every caller's,
 * in the order of `messages` and their groups): each message's own callers' results, encoded, with its `seq`.
 */
export function answersOf(
  messages: readonly { seq: number; groups: readonly Write[][] }[],
  results: CommitResults,
): { seq: number; results: string }[] {
  let at = 0;
  return messages.map(({ seq, groups }) => ({ seq, results: encodeResults(results.slice(at, (at += groups.length))) }));
}
