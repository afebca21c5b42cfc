import { AA_TEXT_CONTRAST, type Site, type Theme, theme as themeSchema, THEME_DEFAULTS } from '@touchpoint/shared';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { ErrorNote, Panel } from '../components/ui';
import { checkPairs, ratioText } from '../theme/contrast-check';

/** The editor's draft: every field of a theme, with `auto` where the page decides. */
type Draft = Theme;

/** A theme with every field filled in: the site's, else the widget's own look. */
export const fullTheme = (t: Partial<Theme> | undefined): Draft => themeSchema.parse({ ...(t ?? {}) });

/** A colour picker with its hex value beside it (the value the contrast check reads), or `auto`. */
function ColourField(props: {
  label: string;
  value: string;
  set: (v: string) => void;
  /** offer `auto` (light or dark after the page); unticking it starts from this colour */
  auto?: string;
  error?: string | undefined;
}) {
  const { label, value, set } = props;
  const isAuto = value === 'auto';
  const id = `theme-${label.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <div class="field theme-colour">
      <label for={id}>{label}</label>
      <div class="row">
        <input
          type="color"
          aria-label={`${label} (picker)`}
          value={isAuto ? '#ffffff' : value.length === 4 ? '#' + [...value.slice(1)].map((c) => c + c).join('') : value}
          disabled={isAuto}
          onInput={(e) => set(e.currentTarget.value)}
        />
        <input
          id={id}
          type="text"
          size={8}
          maxLength={7}
          value={value}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={props.error ? `${id}-error` : undefined}
          onInput={(e) => set(e.currentTarget.value.trim())}
        />
        {props.auto && (
          <label class="check">
            <input
              type="checkbox"
              checked={isAuto}
              onChange={(e) => set(e.currentTarget.checked ? 'auto' : props.auto!)}
            />
            auto
          </label>
        )}
      </div>
      {props.error && (
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/**
 * The site's theme: what respondents see in the popup, on the kiosk and on the link page. The contrast of
 * each pair is checked as it is typed (shared/src/theme.ts, WCAG AA 4.5:1); a failing pair blocks saving,
 * says why and offers the nearest colour that passes. Saving sends only `settings.theme`.
 */
export function ThemeEditor({ site, readOnly, saved }: { site: Site; readOnly: boolean; saved: () => void }) {
  const [t, setT] = useState<Draft>(() => fullTheme(site.settings.theme));
  const [error, setError] = useState<ApiError | undefined>();
  const [status, setStatus] = useState('');
  // Follows another site, not a reload of this one: the reload after a save must not undo an edit made since.
  useEffect(() => setT(fullTheme(site.settings.theme)), [site.key]);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setStatus('');
    setT({ ...t, [k]: v });
  };
  const parsed = themeSchema.safeParse(t);
  const problem = (field: string) =>
    parsed.success ? undefined : parsed.error.issues.find((i) => i.path[0] === field)?.message;
  const pairs = checkPairs(t);
  const failing = pairs.filter((p) => !p.ok);
  const invalid = !parsed.success;

  const save = async (e: Event) => {
    e.preventDefault();
    if (!parsed.success) return;
    setError(undefined);
    try {
      // PATCH names only the theme: the other settings stay as they are on the collector
      await api<Site>(`/sites/${site.key}`, { method: 'PATCH', body: { settings: { theme: parsed.data } } });
      setStatus('Theme saved.');
      saved();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
    }
  };

  return (
    <Panel title="Theme" id="theme">
      <form onSubmit={save} aria-label="Theme" data-testid="theme-editor">
        <p class="note">
          What respondents see in the popup, on the kiosk and on the link page. Each survey may change any of it in its
          own theme. Colours are checked for WCAG AA contrast ({AA_TEXT_CONTRAST}:1) as you type.
        </p>
        <ErrorNote error={error} />
        <fieldset disabled={readOnly} class="plain">
          <div class="form-grid">
            <ColourField label="Brand colour" value={t.brand} set={(v) => set('brand', v)} error={problem('brand')} />
            <ColourField label="Button text" value={t.buttonText} set={(v) => set('buttonText', v)} />
            <ColourField
              label="Text"
              value={t.text}
              set={(v) => set('text', v)}
              auto={THEME_DEFAULTS.light.text}
              error={problem('text')}
            />
            <ColourField
              label="Background"
              value={t.background}
              set={(v) => set('background', v)}
              auto={THEME_DEFAULTS.light.background}
              error={problem('background')}
            />
            <label class="field">
              <span>Corner radius (px)</span>
              <input
                type="number"
                min={0}
                max={32}
                step={1}
                value={t.radius}
                onInput={(e) => set('radius', Number(e.currentTarget.value))}
              />
            </label>
            <label class="field">
              <span>Font</span>
              <input
                type="text"
                maxLength={120}
                value={t.font}
                aria-invalid={problem('font') ? 'true' : undefined}
                onInput={(e) => set('font', e.currentTarget.value)}
              />
              {problem('font') && <span class="field-error">{problem('font')}</span>}
            </label>
            <label class="field">
              <span>Logo URL (kiosk, link page)</span>
              <input
                type="text"
                maxLength={500}
                placeholder="https://… or /logos/…"
                value={t.logo ?? ''}
                aria-invalid={problem('logo') ? 'true' : undefined}
                onInput={(e) => set('logo', e.currentTarget.value || undefined)}
              />
              {problem('logo') && <span class="field-error">{problem('logo')}</span>}
            </label>
            <label class="field">
              <span>Popup placement</span>
              <select
                value={t.placement}
                onChange={(e) => set('placement', e.currentTarget.value as Draft['placement'])}
              >
                <option value="corner">in a corner (each survey’s position)</option>
                <option value="centre">centre of the page</option>
              </select>
            </label>
            <label class="field check">
              <input
                type="checkbox"
                checked={t.npsColours}
                onChange={(e) => set('npsColours', e.currentTarget.checked)}
              />
              <span>NPS buttons red to green</span>
            </label>
            <label class="field check">
              <input
                type="checkbox"
                checked={t.poweredBy}
                onChange={(e) => set('poweredBy', e.currentTarget.checked)}
              />
              <span>“Powered by Touchpoint”</span>
            </label>
          </div>
          <ul class="contrast-list" data-testid="theme-contrast" aria-live="polite">
            {pairs.map((p) => (
              <li key={p.what} class={p.ok ? 'contrast-ok' : 'contrast-bad'}>
                <span aria-hidden="true">{p.ok ? '✓' : '✗'}</span> {p.what} {ratioText(p.ratio)}
                {p.ok ? ' (AA)' : `, needs ${AA_TEXT_CONTRAST}:1`}
                {p.suggestion && (
                  <button
                    type="button"
                    class="btn btn-small"
                    onClick={() => set(p.field, p.suggestion!)}
                    data-testid={`correct-${p.field}`}
                  >
                    Use {p.suggestion} instead
                  </button>
                )}
              </li>
            ))}
          </ul>
          <div class="theme-sample" style={sampleStyle(t)} data-testid="theme-sample" aria-hidden="true">
            <span>Sample text on the card</span>
            <span class="theme-sample-button">Send</span>
          </div>
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={invalid} aria-describedby="theme-why">
              Save theme
            </button>
            {invalid && (
              <span id="theme-why" class="field-error" data-testid="theme-refused">
                Saving is disabled:{' '}
                {failing.length
                  ? failing.map((p) => `${p.what} ${ratioText(p.ratio)}, needs ${AA_TEXT_CONTRAST}:1`).join('; ')
                  : parsed.success
                    ? ''
                    : parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; ')}
                .
              </span>
            )}
            {status && <span role="status">{status}</span>}
          </div>
        </fieldset>
      </form>
    </Panel>
  );
}

/** The sample's colours: the theme's, or the light card where it says `auto`. */
function sampleStyle(t: Draft): Record<string, string> {
  const auto = t.text === 'auto' || t.background === 'auto';
  return {
    '--s-fg': auto ? THEME_DEFAULTS.light.text : t.text,
    '--s-bg': auto ? THEME_DEFAULTS.light.background : t.background,
    '--s-b': t.brand,
    '--s-bt': t.buttonText,
    '--s-r': `${t.radius}px`,
  };
}
