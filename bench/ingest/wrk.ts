import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Ids, LoadResult, Shape, Target } from './load.js';

/**
 * The load generator in its own process: `wrk` (Debian's package), which spends a few µs of CPU per
 * request where autocannon in the bench's own process spent 20–80 µs, so it no longer caps what it measures.
 */

const SCRIPT = fileURLToPath(new URL('./beacon.lua', import.meta.url));
/** wrk's threads: one per core it may use (BENCH_WRK_THREADS). */
const THREADS = Number(process.env.BENCH_WRK_THREADS ?? 2);

/** Whether `wrk` can be run here. */
export function hasWrk(): boolean {
  return spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
}

/** What beacon.lua's done() prints. */
interface WrkSummary {
  requests: number;
  durationUs: number;
  status: number;
  connect: number;
  read: number;
  write: number;
  timeout: number;
  p50Us: number;
  p99Us: number;
  meanUs: number;
}

/** `times` in sh prints the shell's, then its children's, user and system time: "0m1.230s 0m0.450s". */
function childrenSeconds(times: string): number {
  const line = times.trim().split('\n').at(-1) ?? '';
  let total = 0;
  for (const m of line.matchAll(/(\d+)m([\d.]+)s/g)) total += Number(m[1]) * 60 + Number(m[2]);
  return total;
}

/** Drives `POST {url}/v1/responses` with wrk for `seconds`, closed loop over `connections` connections. */
export function driveWrk(
  url: string,
  target: Target,
  shape: Shape,
  seconds: number,
  connections: number,
  ids: Ids = 'v7',
): Promise<LoadResult> {
  const args = ['-t', String(THREADS), '-c', String(connections), '-d', `${seconds}s`, '--timeout', '10s'];
  // sh runs wrk, then prints wrk's CPU time (the generator's cost per request) on its own last line.
  const child = spawn('sh', ['-c', 'wrk "$@" && echo "---" && times', 'sh', ...args, '-s', SCRIPT, url], {
    env: {
      ...process.env,
      BENCH_SITE: target.site,
      BENCH_SURVEY: target.survey,
      BENCH_ORIGIN: target.origin,
      BENCH_IDS: ids,
      BENCH_SEED: String(Math.floor(Math.random() * 2 ** 40)),
      BENCH_CLOSE: shape === 'new-connection' ? '1' : '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const json = out.split('\n').find((l) => l.startsWith('{"requests"'));
      if (code !== 0 || json === undefined) return reject(new Error(`wrk exited with ${code}:\n${out}`));
      const s = JSON.parse(json) as WrkSummary;
      const errors = s.connect + s.read + s.write;
      const duration = s.durationUs / 1e6;
      const ok = s.requests - s.status;
      resolve({
        requests: { average: s.requests / duration, total: s.requests },
        // wrk reports µs; the table prints ms with one decimal.
        latency: { p50: s.p50Us / 1000, p99: s.p99Us / 1000, mean: s.meanUs / 1000 },
        '2xx': ok,
        non2xx: s.status,
        errors,
        timeouts: s.timeout,
        duration,
        generatorCpuSeconds: childrenSeconds(out.slice(out.indexOf('---'))),
      });
    });
  });
}
