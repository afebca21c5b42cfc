import { response } from '../../shared/src/response.js';
import { checkBodyShape } from '../../collector/src/lib/body-shape.js';
import { quickResponse } from '../../collector/src/lib/response-fast-path.js';
import { RESPONSES_SHAPE } from '../../collector/src/routes/public/responses.js';

/**
 * CPU per call of the ingest stages a beacon passes before the store, in-process (no sockets, so a loaded
 * machine inflates it less than bench:ingest): the body-shape scan, zod's parse of the response, and the
 * hand-written check that now runs ahead of zod. Run:
 * `pnpm --filter @touchpoint/collector exec tsx --conditions=source ../bench/ingest/stages.ts`
 */

/** Calls per measured round. */
const CALLS = 20_000;
/** Rounds; the median is printed. */
const ROUNDS = 7;

/** The bench's beacon (ingest/beacon.lua): a score, a comment, the page's context. */
const beacon = {
  id: '0190a3c2-7b1e-7c4d-9a2b-3c4d5e6f7a8b',
  site: 'bench',
  survey: 'nps',
  answers: { nps: 9, comment: 'Quick delivery, friendly support.' },
  createdAt: '2026-11-20T12:00:00.000Z',
  context: { channel: 'web', url: 'https://shop.example/checkout', trigger: 'exit-intent:desktop', vars: {} },
};
const bytes = Buffer.from(JSON.stringify(beacon));
const parsed: unknown = JSON.parse(bytes.toString('utf8'));

function measure(label: string, f: () => void): void {
  for (let i = 0; i < CALLS / 5; i++) f();
  const us: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const from = process.cpuUsage();
    for (let i = 0; i < CALLS; i++) f();
    const c = process.cpuUsage(from);
    us.push((c.user + c.system) / CALLS);
  }
  us.sort((a, b) => a - b);
  process.stdout.write(`${label.padEnd(36)}${(us[ROUNDS >> 1] ?? 0).toFixed(2).padStart(8)} µs\n`);
}

process.stdout.write(`ingest stages, CPU per call (median of ${ROUNDS} × ${CALLS}), a ${bytes.length}-byte beacon\n`);
measure('body-shape scan', () => checkBodyShape(bytes, RESPONSES_SHAPE));
measure('JSON.parse', () => JSON.parse(bytes.toString('utf8')));
measure('zod: response.safeParse', () => response.safeParse(parsed));
measure('hand check: quickResponse', () => quickResponse(parsed));
