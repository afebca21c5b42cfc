import { type Survey, type ThankYouLink, themeOverride } from '@touchpoint/shared';
import { LocalizedInput } from './fields';

type Override = NonNullable<Survey['theme']>;

/** The NPS colour choice of a survey: the site's, or its own on or off. */
const NPS_CHOICES: [string, string][] = [
  ['site', 'as the site’s theme'],
  ['on', 'red to green'],
  ['off', 'plain'],
];

/**
 * A survey's own look and its thank-you's next step: a brand colour and NPS colours of its own (merged over
 * the site's theme, checked the same way), and a link on from the thank-you (a review site, or the
 * touchpoint's "you said, we did" page).
 */
export function LookEditor(props: {
  s: Survey;
  locale: string;
  fallback: string;
  onChange: (patch: Pick<Survey, 'theme' | 'thankYouLink'>) => void;
}) {
  const { s, locale, fallback, onChange } = props;
  const t: Override = s.theme ?? {};
  const setTheme = (next: Override) => onChange({ theme: next, thankYouLink: s.thankYouLink });
  const setLink = (next: ThankYouLink | null) => onChange({ theme: s.theme, thankYouLink: next });
  const checked = themeOverride.safeParse(t);
  const link = s.thankYouLink;
  const without = <K extends keyof Override>(k: K): Override => {
    const { [k]: _gone, ...rest } = t;
    return rest;
  };
  return (
    <>
      <div class="form-grid">
        <div class="field">
          <label class="check">
            <input
              type="checkbox"
              checked={t.brand !== undefined}
              onChange={(e) => setTheme(e.currentTarget.checked ? { ...t, brand: '#1a56db' } : without('brand'))}
            />
            Own brand colour
          </label>
          {t.brand !== undefined && (
            <input
              type="text"
              aria-label="Survey brand colour"
              maxLength={7}
              value={t.brand}
              onInput={(e) => setTheme({ ...t, brand: e.currentTarget.value.trim() })}
            />
          )}
        </div>
        <label class="field">
          <span>NPS buttons</span>
          <select
            value={t.npsColours === undefined ? 'site' : t.npsColours ? 'on' : 'off'}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setTheme(v === 'site' ? without('npsColours') : { ...t, npsColours: v === 'on' });
            }}
          >
            {NPS_CHOICES.map(([v, text]) => (
              <option key={v} value={v}>
                {text}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!checked.success && (
        <p class="field-error" role="alert" data-testid="survey-theme-problem">
          {checked.error.issues.map((i) => i.message).join('; ')}
        </p>
      )}
      <label class="field">
        <span>After the thank-you, link to</span>
        <select
          value={link?.kind ?? 'none'}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setLink(
              v === 'url'
                ? { kind: 'url', label: { [locale]: 'Review us' }, url: 'https://' }
                : v === 'improvements'
                  ? { kind: 'improvements' }
                  : null,
            );
          }}
        >
          <option value="none">nothing</option>
          <option value="url">a page (a review site, a referral)</option>
          <option value="improvements">“You said, we did” for this touchpoint</option>
        </select>
      </label>
      {link?.kind === 'url' && (
        <div class="form-grid">
          <LocalizedInput
            label="Link text"
            value={link.label}
            locale={locale}
            fallback={fallback}
            onChange={(label) => setLink({ ...link, label })}
          />
          <label class="field">
            <span>Link address (https)</span>
            <input
              type="url"
              maxLength={2048}
              value={link.url}
              onInput={(e) => setLink({ ...link, url: e.currentTarget.value.trim() })}
            />
          </label>
        </div>
      )}
      <p class="hint">
        The kiosk shows the link as text only (a kiosk never leaves its page); the popup and the link page link on.
      </p>
    </>
  );
}
