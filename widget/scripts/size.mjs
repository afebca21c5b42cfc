// Prints the brotli size of what a visitor downloads, against the budgets; exits 1 above a hard budget.
//   loader: dist/widget.js, loaded on every page;
//   popup:  loader + one UI chunk (Preact, survey UI, styles, one locale), the worst locale counted;
//   kiosk:  loader + the kiosk chunk (Preact, kiosk UI, IndexedDB queue, every locale), cached on the
//           tablet by the kiosk's service worker after the first visit;
//   page:   loader + the link/QR page chunk (Preact, page UI, transport, every locale), on a phone.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
/** Budgets in bytes (brotli): target, then hard (the build fails above it). */
const BUDGETS = { loader: [2048, 3072], popup: [10240, 14336], kiosk: [14336, 16384], page: [12288, 14336] };

const brotli = (file) =>
  brotliCompressSync(readFileSync(resolve(dist, file)), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
  }).length;

const loader = brotli('widget.js');
const chunks = readdirSync(dist).filter((f) => /^ui-[a-z]{2}-.+\.js$/.test(f));
if (!chunks.length) throw new Error('no UI chunks in dist/: run the build first');
const worst = chunks.map((f) => ({ f, n: brotli(f) })).sort((a, b) => b.n - a.n)[0];
/** The one chunk of a standalone mode. */
const mode = (name) => {
  const f = readdirSync(dist).find((x) => x.startsWith(name + '-') && x.endsWith('.js'));
  if (!f) throw new Error(`no ${name} chunk in dist/: run the build first`);
  return { f, n: brotli(f) };
};
const kiosk = mode('kiosk');
const page = mode('page');

const kb = (n) => (n / 1024).toFixed(2) + ' KB';
let failed = false;
for (const [name, size, what] of [
  ['loader', loader, 'widget.js'],
  ['popup', loader + worst.n, `widget.js + ${worst.f}`],
  ['kiosk', loader + kiosk.n, `widget.js + ${kiosk.f}`],
  ['page', loader + page.n, `widget.js + ${page.f}`],
]) {
  const [target, hard] = BUDGETS[name];
  const verdict = size > hard ? 'OVER HARD BUDGET' : size > target ? 'over target' : 'ok';
  failed ||= size > hard;
  console.log(
    `${name.padEnd(7)} ${kb(size).padStart(9)} brotli  (target ${kb(target)}, hard ${kb(hard)})  ${verdict}  [${what}]`,
  );
}
process.exit(failed ? 1 : 0);
