import type { AnswerValue } from '@touchpoint/shared';
import type { Part, QuestionProps } from '../parts';
import { tx } from '../tx';

/** Single choice (radio buttons) and multiple choice (checkboxes), one option per row. */
function Choice({ q, value, set }: QuestionProps) {
  if (q.type != 'single' && q.type != 'multi') return null;
  const multi = q.type == 'multi';
  const picked = ([] as AnswerValue[]).concat(value ?? []);
  return (
    <fieldset role={multi ? 'group' : 'radiogroup'} aria-labelledby="q">
      <legend id="q">{tx(q.text)}</legend>
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

/** The choice questions' part (`c`). */
export default {
  q: { single: Choice, multi: Choice },
  css: `.v{display:grid;gap:6px}
.v span{justify-content:start;padding:8px 12px}`,
} satisfies Part as Part;
