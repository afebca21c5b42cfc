// Builds the widget in three steps, each a plain Vite (Rolldown + Oxc) build:
//   1. one UI chunk per locale (Preact + survey UI + styles + that locale's strings), a classic
//      script with a content hash in its name: dist/ui-<locale>-<hash>.js, and the same with the parts
//      of the question types only some surveys ask (src/ui/parts.ts) appended in every combination,
//      dist/ui-<locale>-<letters>-<hash>.js (the loader asks for the one its survey's rules name); and one chunk per
//      standalone mode (kiosk, link/QR page: Preact, their UI, every locale's strings):
//      dist/kiosk-<hash>.js, dist/page-<hash>.js; and dist/triggers-<hash>.js, the trigger modules
//      the loader fetches only for a config that has a survey of theirs (src/triggers/more.ts);
//   2. the loader, dist/widget.js, with the chunk names baked in (the collector serves it with a short
//      cache and the chunks as immutable), minified a second time by Terser;
//   3. the ESM entry for single-page apps (dist/esm, Preact left to the app's bundler) and its types;
//   4. a `.br` and a `.gz` beside each script in dist/, which the collector serves to browsers that
//      accept them (compressed once here at the highest levels, not per request).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { minify } from 'terser';
import { build } from 'vite';
import { WIDGET_PART_LETTERS } from '@touchpoint/shared';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LOCALES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'ar'];
/** Standalone modes (`data-mode`), each a chunk the loader injects instead of running the popup. */
const MODES = ['kiosk', 'page'];
/** Browsers with optional chaining, shadow DOM v1 and `CustomEvent` (2020+). */
const TARGET = 'es2020';
/** Each part's module (src/ui/parts/), by its letter in shared WIDGET_PARTS. */
const PART_FILES = { c: 'choice', f: 'faces', m: 'contact', x: 'extras' };
const PARTS = [...WIDGET_PART_LETTERS];
if (PARTS.join() !== Object.keys(PART_FILES).join())
  throw new Error('PART_FILES must name every WIDGET_PART_LETTERS letter');
/** Characters of the content hash in chunk names (48 bits). */
const HASH_LENGTH = 8;

/**
 * Puts classic JSX's factory in scope in each `.tsx` file of the widget (Vite's `jsxInject` would add it to
 * every `.ts` file as well, and with it Preact's module into the loader).
 */
function jsxImport() {
  return {
    name: 'tp-jsx-import',
    enforce: 'pre',
    transform: (code, id) =>
      id.endsWith('.tsx') && id.startsWith(root)
        ? { code: `import { h, Fragment } from 'preact';${code}`, map: { mappings: '' } }
        : null,
  };
}

/** Terser's second pass over the popup's UI chunks: three compress passes, property reads free of side effects. */
const TERSER = { ecma: 2020, compress: { passes: 3, pure_getters: true } };

const base = {
  configFile: false,
  root,
  logLevel: 'warn',
  publicDir: false,
  // Classic JSX (`h(type, props, ...children)`): shorter calls than the automatic runtime's `jsx(type, { children })`,
  // and no second vnode factory (preact/jsx-runtime) beside Preact's own; tsc still checks JSX as `react-jsx`.
  oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' } },
  plugins: [jsxImport()],
};

/** A classic-script (IIFE) build of one entry into dist/. */
async function iife(input, fileName, extra = {}) {
  const out = await build({
    ...base,
    ...extra,
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      target: TARGET,
      minify: true,
      sourcemap: false,
      modulePreload: false,
      rolldownOptions: {
        // class fields as plain assignments in the constructor (TypeScript's `useDefineForClassFields: false`),
        // not a `defineProperty` helper lowered for es2020: ~0.3 KB less per chunk after brotli
        transform: {
          assumptions: { setPublicClassFields: true },
          typescript: { removeClassFieldsWithoutInitializer: true },
        },
        input,
        // `_`-prefixed properties are internal (never persisted, never crossing a bundle), so renamable
        output: { format: 'iife', entryFileNames: fileName, minify: { mangleProps: { include: /^_[A-Za-z]/ } } },
      },
    },
  });
  const chunk = [out].flat()[0].output.find((o) => o.type === 'chunk' && o.isEntry);
  return chunk.fileName;
}

rmSync(resolve(root, 'dist'), { recursive: true, force: true });

// One hash over all chunks names them all: they are built together, and the loader then carries
// one hash instead of one per chunk (random bytes do not compress).
const built = [];
for (const locale of LOCALES) {
  const file = await iife('src/ui/entry.ts', `ui-${locale}.js`, {
    resolve: { alias: { 'virtual:tp-locale': resolve(root, `src/locales/${locale}.ts`) } },
  });
  built.push([`ui-${locale}`, file]);
}
const version = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).version;
for (const mode of MODES) {
  built.push([
    mode,
    await iife(`src/modes/${mode}/entry.ts`, `${mode}.js`, { define: { __TP_VERSION__: JSON.stringify(version) } }),
  ]);
}
// the trigger modules the loader leaves out, fetched only for a config that uses them
built.push(['triggers', await iife('src/triggers/more-entry.ts', 'triggers.js')]);
// each part alone, its `preact` the UI chunk's (handed over at run time: src/ui/parts/preact.ts)
for (const letter of PARTS) {
  const file = await iife('src/ui/parts/entry.ts', `part-${letter}.js`, {
    resolve: {
      alias: [
        { find: 'virtual:tp-part', replacement: resolve(root, `src/ui/parts/${PART_FILES[letter]}.tsx`) },
        { find: /^preact$/, replacement: resolve(root, 'src/ui/parts/preact.ts') },
      ],
    },
  });
  built.push([`part-${letter}`, file]);
}
// the words only the parts use, one locale each (appended with the parts that need words: faces, e-mail, extras)
for (const locale of LOCALES) {
  const file = await iife('src/ui/parts/strings-entry.ts', `part-s-${locale}.js`, {
    resolve: { alias: { 'virtual:tp-locale': resolve(root, `src/locales/${locale}.ts`) } },
  });
  built.push([`part-s-${locale}`, file]);
}
// The popup's UI chunks and parts get Terser's second pass too (see the loader's below): ~0.1 KB less each after brotli.
for (const [stem, file] of built.filter(([stem]) => stem.startsWith('ui-') || stem.startsWith('part-'))) {
  const path = resolve(root, 'dist', file);
  const code = (await minify(readFileSync(path, 'utf8'), TERSER)).code;
  if (!code) throw new Error(`terser returned nothing for ${stem}`);
  writeFileSync(path, code);
}
const hash = createHash('sha256');
for (const [, file] of built) hash.update(readFileSync(resolve(root, 'dist', file)));
const digest = hash.digest('base64url').slice(0, HASH_LENGTH);
const ui = built
  .filter(([stem]) => !stem.startsWith('part-'))
  .map(([stem, file]) => {
    const name = `${stem}-${digest}.js`;
    renameSync(resolve(root, 'dist', file), resolve(root, 'dist', name));
    return name;
  });
// Each UI chunk with every combination of parts appended, in one classic script (one request, one
// compression context: a part alone would cost more in response headers than it saves).
const partCode = Object.fromEntries(
  [...PARTS, ...LOCALES.map((l) => 's-' + l)].map((letter) => {
    const path = resolve(root, 'dist', built.find(([stem]) => stem === `part-${letter}`)[1]);
    const code = readFileSync(path, 'utf8');
    rmSync(path);
    return [letter, code];
  }),
);
/** Every non-empty combination of the letters, each in their order (`c`, `cf`, `cfm`, `cm`, `f`, …). */
const combos = PARTS.reduce((all, letter) => [...all, ...all.map((c) => c + letter), letter], []);
for (const locale of LOCALES) {
  const core = readFileSync(resolve(root, 'dist', `ui-${locale}-${digest}.js`), 'utf8');
  for (const letters of combos) {
    const name = `ui-${locale}-${letters}-${digest}.js`;
    const words = /[fmx]/.test(letters) ? [partCode['s-' + locale]] : [];
    writeFileSync(resolve(root, 'dist', name), [core, ...[...letters].map((l) => partCode[l]), ...words].join(';\n'));
    ui.push(name);
  }
}

/**
 * A free name in the loader where the collector puts a site's rules (`/widget.js?site=…`, see
 * collector/src/plugins/catalog.ts); `0` (no rules: fetch them) in the plain dist/widget.js.
 */
const RULES_MARK = '__touchpointRules';
await iife('src/loader.ts', 'widget.js', {
  define: {
    __TP_LOCALES__: JSON.stringify(LOCALES.join(' ')),
    __TP_HASH__: JSON.stringify(digest),
    __TP_PARTS__: JSON.stringify(PARTS.join('')),
    __TP_RULES__: RULES_MARK,
  },
});
// The loader comes with every page view, so it gets a second minifier pass: Terser (three passes)
// inlines single-use functions and constants the Oxc minifier keeps, ~90 bytes less after brotli.
const loaderFile = resolve(root, 'dist', 'widget.js');
const tersed = await minify(readFileSync(loaderFile, 'utf8'), { ecma: 2020, compress: { passes: 3 } });
if (tersed.code.split(RULES_MARK).length !== 2) throw new Error(`the loader must name ${RULES_MARK} exactly once`);
writeFileSync(loaderFile + '.template', tersed.code);
writeFileSync(loaderFile, tersed.code.replace(RULES_MARK, '0'));

await build({
  ...base,
  build: {
    outDir: 'dist/esm',
    emptyOutDir: true,
    target: TARGET,
    minify: false,
    sourcemap: true,
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: 'index' },
    rolldownOptions: { external: [/^preact/] },
  },
});

execFileSync(
  process.execPath,
  [resolve(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--emitDeclarationOnly'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);

/** Brotli at its best (quality 11, text mode) and gzip at level 9: done once per build, so the slowest is fine. */
const BROTLI = {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
};
for (const f of readdirSync(resolve(root, 'dist')).filter((x) => x.endsWith('.js'))) {
  const text = readFileSync(resolve(root, 'dist', f));
  writeFileSync(resolve(root, 'dist', f + '.br'), brotliCompressSync(text, BROTLI));
  writeFileSync(resolve(root, 'dist', f + '.gz'), gzipSync(text, { level: 9 }));
}

console.log(`widget: built widget.js and ${ui.length} chunks (${ui.filter((f) => /^ui-en-/.test(f)).join(', ')}, …)`);
