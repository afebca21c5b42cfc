/**
 * `pnpm eval:insights`: theme precision/recall/F1, sentiment accuracy and staff matching on the labelled set
 * (collector/insights-eval), for the dev part and the held-out part. `--errors` lists the dev misses (the part
 * one may tune on); held-out misses are never printed.
 */
import { evaluate, readLabelled, type Figures } from './labelled.js';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(7);
const row = (name: string, f: Figures) =>
  `${name.padEnd(12)}${String(f.comments).padStart(5)}${f.themePrecision.toFixed(3).padStart(8)}${f.themeRecall
    .toFixed(3)
    .padStart(8)}${f.themeF1.toFixed(3).padStart(8)}${pct(f.themeSentimentAccuracy)}${pct(
    f.commentSentimentAccuracy,
  )}${pct(f.staffPrecision)}${pct(f.staffRecall)}${pct(f.languageAccuracy)}`;

const showErrors = process.argv.includes('--errors');
const langs = ['en', 'de'];
const all = langs.flatMap((l) => readLabelled(l));
process.stdout.write(
  `${'part'.padEnd(12)}${'n'.padStart(5)}${'theme P'.padStart(8)}${'R'.padStart(8)}${'F1'.padStart(8)}${'th.sent'.padStart(7)}${'comment'.padStart(7)}${'staff P'.padStart(7)}${'staff R'.padStart(7)}${'lang'.padStart(7)}\n`,
);
for (const split of ['dev', 'held-out'] as const) {
  for (const lang of [...langs, 'all']) {
    const items = all.filter((i) => i.split === split && (lang === 'all' || i.lang === lang));
    const f = evaluate(items);
    process.stdout.write(`${row(`${split} ${lang}`, f)}\n`);
    if (showErrors && split === 'dev' && lang !== 'all') for (const e of f.errors) process.stdout.write(`  ${e}\n`);
  }
}
process.stdout.write(
  '\nth.sent: sentiment of each theme found that is labelled; comment: positive/negative/neutral/mixed of the\n' +
    'whole comment; lang: language told from the words alone (the analysis also gets the respondent locale).\n',
);
