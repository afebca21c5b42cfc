// The build's share of what a visitor downloads, as brotli bodies (the collector sends the build's
// .br files), against the wire budgets (budgets.mjs); exits 1 above a hard limit. Headers are not
// counted here: the browser test test/browser/wire-size.test.ts measures everything on the wire.
//   nothing: the site's loader, `/widget.js?site=…`: dist/widget.js.template with the site's rules
//            inlined (sample-config.json: the demo shop's five surveys), on every page view;
//   popup:   that plus one UI chunk (Preact, survey UI, styles, one locale) with the parts the demo's
//            post-purchase survey needs (sample-config.json names them), the worst locale counted (the
//            survey's copy comes on top, ~0.3 KB); the same with every part is printed beside it;
//   kiosk:   the kiosk chunk (Preact, kiosk UI, IndexedDB queue, every locale), run by the kiosk page
//            without the loader, cached on the tablet by the kiosk's service worker after the first visit;
//   page:    the link/QR page chunk (Preact, page UI, transport, every locale), on a phone; the page
//            runs it directly, without the loader.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { WIDGET_PART_LETTERS } from '@touchpoint/shared';
import { WIRE_BUDGETS } from './budgets.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(here, '../dist');

const brotli = (text) =>
  brotliCompressSync(text, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
  }).length;
const file = (f) => brotli(readFileSync(resolve(dist, f)));

// as the collector makes it (collector/src/plugins/catalog.ts): the rules, compact, in place of the mark
const sample = JSON.parse(readFileSync(resolve(here, 'sample-config.json'), 'utf8'));
const rules = JSON.stringify(sample);
/** The popup the wire-size test opens: the demo's post-purchase survey, with the parts its rules name. */
const parts = sample.surveys.find((s) => s.id === 'post-purchase').parts;
const template = readFileSync(resolve(dist, 'widget.js.template'), 'utf8');
const siteLoader = brotli(template.replace('__touchpointRules', () => `(${rules})`));
/** The largest UI chunk of any locale with these parts (letters; '' none). */
const worstWith = (letters) => {
  const chunks = readdirSync(dist).filter((f) =>
    new RegExp(`^ui-[a-z]{2}-${letters ? letters + '-' : ''}[\\w-]{8}\\.js$`).test(f),
  );
  if (!chunks.length) throw new Error('no UI chunks in dist/: run the build first');
  return chunks.map((f) => ({ f, n: file(f) })).sort((a, b) => b.n - a.n)[0];
};
const worst = worstWith(parts || '');
const every = worstWith(WIDGET_PART_LETTERS);
/** The one chunk of a standalone mode. */
const mode = (name) => {
  const f = readdirSync(dist).find((x) => x.startsWith(name + '-') && x.endsWith('.js'));
  if (!f) throw new Error(`no ${name} chunk in dist/: run the build first`);
  return { f, n: file(f) };
};
const kiosk = mode('kiosk');
const page = mode('page');

const kb = (n) => (n / 1024).toFixed(2) + ' KB';
let failed = false;
for (const [name, size, what] of [
  ['nothing', siteLoader, 'widget.js?site= (rules inlined)'],
  ['popup', siteLoader + worst.n, `widget.js?site= + ${worst.f}`],
  ['kiosk', kiosk.n, kiosk.f],
  ['page', page.n, page.f],
]) {
  const { target, hard } = WIRE_BUDGETS[name];
  if (name === 'kiosk') console.log(`  (popup, every part: ${kb(siteLoader + every.n)} brotli [${every.f}])`);
  const line = `${name.padEnd(7)} ${kb(size).padStart(9)} brotli  (hard limit ${kb(hard)})  [${what}]`;
  if (size > hard) {
    failed = true;
    console.error(`${line}  OVER THE HARD LIMIT`);
  } else console.log(size > target ? `${line}  note: over the ${kb(target)} target` : line);
}
process.exit(failed ? 1 : 0);
