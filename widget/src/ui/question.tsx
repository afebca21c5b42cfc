import type { AnswerValue, Question as Q } from '@touchpoint/shared';
import type { Strings } from '../locales/strings';
import { Face, Thumb } from './faces';

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

/** Picks the copy for the survey's locale (the config is already reduced to it). */
export const tx = (t: Record<string, string> | undefined): string => (t ? Object.values(t)[0] || '' : '');

interface Props {
  q: Q;
  value: AnswerValue | undefined;
  set: (v: AnswerValue) => void;
  t: Strings;
  /** NPS options tinted red to green (the theme's `npsColours`) */
  tint?: boolean | undefined;
}

/** One question's label and inputs. Copy is always rendered as text, never as HTML. */
export function Question({ q, value, set, t, tint }: Props) {
  const label = tx(q.text);
  const scale = RANGES[q.type];
  if (scale) {
    const face = q.type == 'smiley';
    const thumbs = q.type == 'thumbs';
    const tinted = tint && q.type == 'nps';
    const low = 'lowLabel' in q && q.lowLabel ? tx(q.lowLabel) : q.type == 'nps' ? t.npsLow : '';
    const high = 'highLabel' in q && q.highLabel ? tx(q.highLabel) : q.type == 'nps' ? t.npsHigh : '';
    return (
      <fieldset role="radiogroup" aria-labelledby="q" aria-describedby={low || high ? 'e' : undefined}>
        <legend id="q">{label}</legend>
        <div
          class={face || thumbs ? 'r f' : q.type == 'nps' ? (tinted ? 'r n tn' : 'r n') : q.type == 'ces' ? 'r w' : 'r'}
        >
          {scale.map((n) => (
            <label class="o">
              <input
                type="radio"
                name={q.id}
                value={n}
                checked={value === n}
                onChange={() => set(n)}
                aria-label={face ? t.faces[n - 1] : thumbs ? (n ? t.up : t.down) : undefined}
              />
              <span aria-hidden={face || thumbs ? 'true' : undefined} style={tinted ? { '--n': n } : undefined}>
                {face ? <Face n={n} /> : thumbs ? <Thumb up={!!n} /> : n}
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
  if (q.type == 'single' || q.type == 'multi') {
    const multi = q.type == 'multi';
    const picked = ([] as AnswerValue[]).concat(value ?? []);
    return (
      <fieldset role={multi ? 'group' : 'radiogroup'} aria-labelledby="q">
        <legend id="q">{label}</legend>
        <div class="v">
          {q.choices.map((c) => (
            <label class="o">
              <input
                type={multi ? 'checkbox' : 'radio'}
                name={q.id}
                checked={picked.includes(c.id)}
                onChange={(e) =>
                  set(
                    multi
                      ? (picked as string[]).filter((x) => x != c.id).concat(e.currentTarget.checked ? [c.id] : [])
                      : c.id,
                  )
                }
              />
              <span>{tx(c.label)}</span>
            </label>
          ))}
        </div>
      </fieldset>
    );
  }
  const text = q.type == 'text';
  return (
    <div>
      <label class="l" id="q" for="i">
        {label}
      </label>
      {text ? (
        <textarea
          id="i"
          maxLength={q.maxLength}
          placeholder={tx(q.placeholder) || undefined}
          value={(value as string) || ''}
          onInput={(e) => set(e.currentTarget.value)}
        />
      ) : (
        <input
          id="i"
          class="t"
          type="email"
          autocomplete="email"
          placeholder={t.email}
          aria-label={t.email}
          value={(value as string) || ''}
          onInput={(e) => set(e.currentTarget.value.trim())}
        />
      )}
    </div>
  );
}
