import type { Question, QuestionType, ShowIf } from '@touchpoint/shared';
import { num, QUESTION_TYPES, retype } from './draft';
import { LocalizedInput } from './fields';

/** One question's settings: type, id, copy, required, scale labels, choices, and when it shows. */
export function QuestionEditor(props: {
  q: Question;
  index: number;
  count: number;
  earlier: Question[];
  locale: string;
  fallback: string;
  onChange: (q: Question) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
}) {
  const { q, locale, fallback, onChange } = props;
  const n = props.index + 1;
  const loc = { locale, fallback };
  const cond = q.showIf;
  const setCond = (c: ShowIf | undefined) => {
    const { showIf: _old, ...rest } = q;
    onChange((c ? { ...rest, showIf: c } : rest) as Question);
  };
  const condSource = props.earlier.find((e) => e.id === cond?.question);
  return (
    <fieldset class="question" data-testid={`question-${props.index}`}>
      <legend>Question {n}</legend>
      <div class="form-grid">
        <label class="field">
          <span>Type</span>
          <select value={q.type} onChange={(e) => onChange(retype(q, e.currentTarget.value as QuestionType))}>
            {QUESTION_TYPES.map((t) => (
              <option key={t.type} value={t.type}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Id</span>
          <input
            type="text"
            value={q.id}
            pattern="[a-z0-9][a-z0-9_\-]*"
            onInput={(e) => onChange({ ...q, id: e.currentTarget.value })}
          />
        </label>
        <label class="field check">
          <input
            type="checkbox"
            checked={q.required}
            onChange={(e) => onChange({ ...q, required: e.currentTarget.checked })}
          />
          <span>Required</span>
        </label>
      </div>
      <LocalizedInput
        label="Question text"
        value={q.text}
        {...loc}
        onChange={(text) => onChange({ ...q, text })}
        required
      />
      {(q.type === 'nps' || q.type === 'csat' || q.type === 'ces') && (
        <div class="form-grid">
          <LocalizedInput
            label="Low-end label"
            value={q.lowLabel}
            {...loc}
            onChange={(lowLabel) => onChange({ ...q, lowLabel })}
          />
          <LocalizedInput
            label="High-end label"
            value={q.highLabel}
            {...loc}
            onChange={(highLabel) => onChange({ ...q, highLabel })}
          />
        </div>
      )}
      {q.type === 'text' && (
        <div class="form-grid">
          <LocalizedInput
            label="Placeholder"
            value={q.placeholder}
            {...loc}
            onChange={(placeholder) => onChange({ ...q, placeholder })}
          />
          <label class="field">
            <span>Max length</span>
            <input
              type="number"
              min={1}
              max={5000}
              value={q.maxLength}
              onInput={(e) => onChange({ ...q, maxLength: num(e) })}
            />
          </label>
        </div>
      )}
      {(q.type === 'single' || q.type === 'multi') && (
        <fieldset>
          <legend>Choices</legend>
          <div class="rows">
            {q.choices.map((c, i) => (
              <div class="row" key={i}>
                <label class="field">
                  <span>Id</span>
                  <input
                    type="text"
                    value={c.id}
                    onInput={(e) =>
                      onChange({
                        ...q,
                        choices: q.choices.map((x, j) => (j === i ? { ...x, id: e.currentTarget.value } : x)),
                      })
                    }
                  />
                </label>
                <LocalizedInput
                  label="Label"
                  value={c.label}
                  {...loc}
                  onChange={(label) =>
                    onChange({ ...q, choices: q.choices.map((x, j) => (j === i ? { ...x, label } : x)) })
                  }
                />
                <button
                  type="button"
                  class="btn btn-small btn-danger"
                  disabled={q.choices.length < 2}
                  onClick={() => onChange({ ...q, choices: q.choices.filter((_, j) => j !== i) })}
                  aria-label={`Remove choice ${i + 1}`}
                >
                  Remove
                </button>
              </div>
            ))}
          </div>
          <button
            type="button"
            class="btn btn-small"
            onClick={() =>
              onChange({
                ...q,
                choices: [
                  ...q.choices,
                  { id: `option-${q.choices.length + 1}`, label: { [locale]: `Option ${q.choices.length + 1}` } },
                ],
              })
            }
          >
            Add choice
          </button>
        </fieldset>
      )}
      {props.index > 0 && (
        <fieldset>
          <legend>Show only if</legend>
          <label class="field check">
            <input
              type="checkbox"
              checked={!!cond}
              onChange={(e) =>
                setCond(e.currentTarget.checked ? { question: props.earlier[0]?.id ?? '', max: 6 } : undefined)
              }
            />
            <span>Only when an earlier answer matches (e.g. ask detractors what went wrong)</span>
          </label>
          {cond && (
            <div class="form-grid">
              <label class="field">
                <span>Earlier question</span>
                <select value={cond.question} onChange={(e) => setCond({ ...cond, question: e.currentTarget.value })}>
                  {props.earlier.map((e) => (
                    <option key={e.id} value={e.id}>
                      {e.id}
                    </option>
                  ))}
                </select>
              </label>
              {condSource && 'choices' in condSource ? (
                <label class="field">
                  <span>Any of the choices (ids, comma-separated)</span>
                  <input
                    type="text"
                    value={(cond.anyOf ?? []).join(', ')}
                    placeholder={condSource.choices.map((c) => c.id).join(', ')}
                    onInput={(e) =>
                      setCond({ question: cond.question, anyOf: e.currentTarget.value.split(/[\s,]+/).filter(Boolean) })
                    }
                  />
                </label>
              ) : (
                <>
                  <label class="field">
                    <span>Min (inclusive)</span>
                    <input type="number" value={cond.min ?? ''} onInput={(e) => setCond(numBound(cond, 'min', e))} />
                  </label>
                  <label class="field">
                    <span>Max (inclusive)</span>
                    <input type="number" value={cond.max ?? ''} onInput={(e) => setCond(numBound(cond, 'max', e))} />
                  </label>
                </>
              )}
            </div>
          )}
        </fieldset>
      )}
      <div class="question-tools">
        <button
          type="button"
          class="btn btn-small"
          disabled={props.index === 0}
          onClick={() => props.onMove(-1)}
          aria-label={`Move question ${n} up`}
        >
          ↑ Up
        </button>
        <button
          type="button"
          class="btn btn-small"
          disabled={n === props.count}
          onClick={() => props.onMove(1)}
          aria-label={`Move question ${n} down`}
        >
          ↓ Down
        </button>
        <button
          type="button"
          class="btn btn-small btn-danger"
          disabled={props.count < 2}
          onClick={props.onRemove}
          aria-label={`Remove question ${n}`}
        >
          Remove
        </button>
      </div>
    </fieldset>
  );
}

/** A showIf with one numeric bound set from an input (empty clears it). */
function numBound(c: ShowIf, key: 'min' | 'max', e: Event): ShowIf {
  const v = (e.currentTarget as HTMLInputElement).valueAsNumber;
  const { [key]: _old, anyOf: _any, ...rest } = c;
  return Number.isFinite(v) ? { ...rest, [key]: v } : rest;
}
