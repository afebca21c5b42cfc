import type { LocalizedText, UrlRule } from '@touchpoint/shared';
import { blankRule, setText } from './draft';

/** A text field for one locale of localized copy; the default locale's copy shows as a placeholder. */
export function LocalizedInput(props: {
  label: string;
  value: LocalizedText | undefined;
  locale: string;
  fallback: string;
  onChange: (t: LocalizedText) => void;
  multiline?: boolean;
  required?: boolean;
}) {
  const v = props.value?.[props.locale] ?? '';
  const placeholder = props.locale !== props.fallback ? (props.value?.[props.fallback] ?? '') : '';
  const onInput = (e: Event) =>
    props.onChange(setText(props.value, props.locale, (e.currentTarget as HTMLInputElement).value));
  return (
    <label class="field">
      <span>
        {props.label} <span class="muted">({props.locale})</span>
      </span>
      {props.multiline ? (
        <textarea value={v} placeholder={placeholder} onInput={onInput} required={props.required} />
      ) : (
        <input type="text" value={v} placeholder={placeholder} onInput={onInput} required={props.required} />
      )}
    </label>
  );
}

/** A list of URL rules (exact / contains / regex). */
export function UrlRules(props: { legend: string; rules: UrlRule[]; onChange: (r: UrlRule[]) => void }) {
  const set = (i: number, r: UrlRule) => props.onChange(props.rules.map((x, j) => (j === i ? r : x)));
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      <div class="rows">
        {props.rules.length === 0 && <p class="hint">None.</p>}
        {props.rules.map((r, i) => (
          <div class="row" key={i}>
            <label class="field">
              <span>Match</span>
              <select
                value={r.match}
                onChange={(e) => set(i, { ...r, match: e.currentTarget.value as UrlRule['match'] })}
              >
                <option value="exact">exact</option>
                <option value="contains">contains</option>
                <option value="regex">regex</option>
              </select>
            </label>
            <label class="field">
              <span>Value</span>
              <input type="text" value={r.value} onInput={(e) => set(i, { ...r, value: e.currentTarget.value })} />
            </label>
            <button
              type="button"
              class="btn btn-small btn-danger"
              onClick={() => props.onChange(props.rules.filter((_, j) => j !== i))}
              aria-label={`Remove rule ${i + 1} of ${props.legend}`}
            >
              Remove
            </button>
          </div>
        ))}
      </div>
      <button type="button" class="btn btn-small" onClick={() => props.onChange([...props.rules, blankRule()])}>
        Add rule
      </button>
    </fieldset>
  );
}
