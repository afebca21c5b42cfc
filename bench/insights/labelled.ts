import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Analyser } from '../../collector/src/insights/analyse.js';
import { DEFAULT_TAXONOMY } from '../../collector/src/insights/default-taxonomy.js';
import type { Roster } from '../../collector/src/insights/types.js';

/** The labelled set (collector/insights-eval/README.md describes the format). */
export const EVAL_DIR = fileURLToPath(new URL('../../collector/insights-eval/', import.meta.url));

/** Every this-many-th line is held out: the fixed split. */
const HELD_OUT_EVERY = 3;

const CODES: Record<string, string> = {
  Q: 'queue-checkout',
  SA: 'staff-attitude',
  SK: 'staff-knowledge',
  C: 'cleanliness',
  ST: 'stock-availability',
  P: 'price-value',
  D: 'delivery',
  R: 'returns',
  W: 'website-app',
  PAY: 'payment',
  PQ: 'product-quality',
};
const SIGNS: Record<string, string> = { '+': 'positive', '-': 'negative', '=': 'neutral' };
const OVERALL: Record<string, string> = { pos: 'positive', neg: 'negative', neu: 'neutral', mix: 'mixed' };

/** One labelled comment. */
export interface Labelled {
  lang: string;
  split: 'dev' | 'held-out';
  overall: string;
  themes: Map<string, string>;
  staff: string[];
  text: string;
}

/** Reads `<lang>.txt` of the labelled set. */
export function readLabelled(lang: string): Labelled[] {
  const lines = readFileSync(`${EVAL_DIR}${lang}.txt`, 'utf8').split('\n');
  return lines.flatMap((line, i) => {
    if (!line.trim()) return [];
    const [overall = '', themes = '', staff = '', ...rest] = line.split('|');
    const themeMap = new Map<string, string>();
    if (themes !== '-') {
      for (const t of themes.split(',')) {
        const [code = '', sign = ''] = t.split(':');
        const id = CODES[code];
        if (!id || !SIGNS[sign]) throw new Error(`${lang}.txt:${i + 1}: bad theme "${t}"`);
        themeMap.set(id, SIGNS[sign]);
      }
    }
    return [
      {
        lang,
        split: (i + 1) % HELD_OUT_EVERY === 0 ? 'held-out' : 'dev',
        overall: OVERALL[overall] ?? '?',
        themes: themeMap,
        staff: staff === '-' ? [] : staff.split(','),
        text: rest.join('|'),
      } satisfies Labelled,
    ];
  });
}

/** Figures of one part of the set. */
export interface Figures {
  comments: number;
  themePrecision: number;
  themeRecall: number;
  themeF1: number;
  /** sentiment of each theme found that is in the labels */
  themeSentimentAccuracy: number;
  /** positive / negative / neutral / mixed of the whole comment */
  commentSentimentAccuracy: number;
  staffPrecision: number;
  staffRecall: number;
  /** comments whose language was detected right from the words alone */
  languageAccuracy: number;
  errors: string[];
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

/** Runs the analysis over labelled comments and scores it against the labels. */
export function evaluate(items: Labelled[]): Figures {
  const roster = JSON.parse(readFileSync(`${EVAL_DIR}roster.json`, 'utf8')) as Roster;
  const analyser = new Analyser(DEFAULT_TAXONOMY, roster);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let sentOk = 0;
  let overallOk = 0;
  let staffTp = 0;
  let staffFp = 0;
  let staffFn = 0;
  let langOk = 0;
  const errors: string[] = [];
  for (const item of items) {
    const r = analyser.analyse(item.text, null, item.lang);
    if (analyser.analyse(item.text).language === item.lang) langOk++;
    const found = new Map(r.themes.map((t) => [t.theme, t.sentiment]));
    const wrong: string[] = [];
    for (const [theme, sentiment] of found) {
      const want = item.themes.get(theme);
      if (want === undefined) {
        fp++;
        wrong.push(`+${theme}`);
      } else {
        tp++;
        if (want === sentiment) sentOk++;
        else wrong.push(`${theme}:${sentiment}≠${want}`);
      }
    }
    for (const theme of item.themes.keys()) {
      if (!found.has(theme)) {
        fn++;
        wrong.push(`-${theme}`);
      }
    }
    if (r.sentiment === item.overall) overallOk++;
    else wrong.push(`overall ${r.sentiment}≠${item.overall}`);
    const staff = new Set(r.staff.map((s) => s.staff));
    for (const s of staff)
      if (item.staff.includes(s)) staffTp++;
      else {
        staffFp++;
        wrong.push(`+staff ${s}`);
      }
    for (const s of item.staff)
      if (!staff.has(s)) {
        staffFn++;
        wrong.push(`-staff ${s}`);
      }
    if (wrong.length > 0) errors.push(`${item.text}  [${wrong.join(', ')}]`);
  }
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return {
    comments: items.length,
    themePrecision: precision,
    themeRecall: recall,
    themeF1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    themeSentimentAccuracy: ratio(sentOk, tp),
    commentSentimentAccuracy: ratio(overallOk, items.length),
    staffPrecision: ratio(staffTp, staffTp + staffFp),
    staffRecall: ratio(staffTp, staffTp + staffFn),
    languageAccuracy: ratio(langOk, items.length),
    errors,
  };
}
