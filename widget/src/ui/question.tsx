import type { ConfigSurvey } from '@touchpoint/shared';
import { PARTS, type QuestionProps } from './parts';
import { tx } from './tx';

export { tx } from './tx';

/** Score ranges of the scale questions; thumbs is 1 (up) or 0 (down). */
export const RANGES: Record<string, number[]> = {
  nps: range(0, 10),
  csat: range(1, 5),
  ces: range(1, 7),
  smiley: range(1, 4),
  thumbs: [1, 0],
};

function range(a: number, b: number): number[] {
  const r = [];
  for (let i = a; i <= b; i++) r.push(i);
  return r;
}

/**
 * Whether this UI has what it takes to render every question of a survey: one whose types need a part
 * (ui/parts.ts) the UI chunk came without (its rules were older than its questions) is not shown with it.
 * (Without the extras it would only lack its thank-you link, NPS tints or centring: shown as it is.)
 */
export const renders = (s: ConfigSurvey): boolean =>
  s.questions.every((q) => CORE.includes(q.type) || PARTS.q[q.type] || PARTS.g[q.type]);

/** The question types every UI renders without a part (shared WIDGET_PARTS has the others). */
const CORE = ['nps', 'csat', 'ces', 'text'];

/**
 * One question's label and inputs: the number scales and free text here, the other types from the
 * parts this UI has. Copy is always rendered as text, never as HTML.
 */
export function Question(props: QuestionProps) {
  const { q, value, set, t, tint } = props;
  const Whole = PARTS.q[q.type];
  if (Whole) return <Whole {...props} />;
  const label = tx(q.text);
  const scale = RANGES[q.type];
  if (scale) {
    const glyph = PARTS.g[q.type];
    const tinted = tint && q.type == 'nps';
    const low = 'lowLabel' in q && q.lowLabel ? tx(q.lowLabel) : q.type == 'nps' ? t.npsLow : '';
    const high = 'highLabel' in q && q.highLabel ? tx(q.highLabel) : q.type == 'nps' ? t.npsHigh : '';
    return (
      <fieldset role="radiogroup" aria-labelledby="q" aria-describedby={low || high ? 'e' : undefined}>
        <legend id="q">{label}</legend>
        <div class={glyph ? 'r f' : q.type == 'nps' ? (tinted ? 'r n tn' : 'r n') : q.type == 'ces' ? 'r w' : 'r'}>
          {scale.map((n) => (
            <label class="o">
              <input
                type="radio"
                name={q.id}
                value={n}
                checked={value === n}
                onChange={() => set(n)}
                aria-label={glyph?.l(n, t)}
              />
              <span aria-hidden={glyph ? 'true' : undefined} style={tinted ? { '--n': n } : undefined}>
                {glyph ? glyph.v(n) : n}
              </span>
            </label>
          ))}
        </div>
        {(low || high) && (
          <div class="e" id="e">
            <span>{low}</span>
            <span>{high}</span>
          </div>
        )}
      </fieldset>
    );
  }
  return (
    <div>
      <label class="l" id="q" for="i">
        {label}
      </label>
      <textarea
        id="i"
        maxLength={q.type == 'text' ? q.maxLength : undefined}
        placeholder={(q.type == 'text' && tx(q.placeholder)) || undefined}
        value={(value as string) || ''}
        onInput={(e) => set(e.currentTarget.value)}
      />
    </div>
  );
}
