import { DEFAULT_SITE_TIME_ZONE, type Site } from '@touchpoint/shared';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { ErrorNote, Panel } from '../components/ui';

/** Every IANA time zone the browser knows, UTC first, and the site's own should the browser not list it. */
function zoneNames(current: string): string[] {
  const known = Intl.supportedValuesOf('timeZone');
  return [...new Set([DEFAULT_SITE_TIME_ZONE, current, ...known])];
}

/** The site's time zone: the days, ISO weeks and months of every score, trend and window are its local ones. */
export function TimeZoneSetting(props: { site: Site; readOnly: boolean; saved: () => void }) {
  const current = props.site.settings.timeZone;
  const [zone, setZone] = useState(current);
  const [error, setError] = useState<ApiError | undefined>();
  const [status, setStatus] = useState('');
  const names = useMemo(() => zoneNames(current), [current]);
  // Follows another site, not a reload of this one: the reload after a save must not undo a choice made since.
  useEffect(() => setZone(props.site.settings.timeZone), [props.site.key]);

  const save = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setStatus('');
    try {
      // Only the time zone is sent: a PATCH changes only the settings it names.
      await api<Site>(`/sites/${props.site.key}`, { method: 'PATCH', body: { settings: { timeZone: zone } } });
      setStatus('Saved. Scores are recounted in this time zone.');
      props.saved();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
    }
  };

  return (
    <Panel title="Time zone" id="time-zone">
      <form onSubmit={save} aria-label="Time zone">
        <p class="note">
          Days, ISO weeks (from Monday) and months of scores, trends and date windows are counted in this time zone.
          Changing it recounts the site’s daily figures.
        </p>
        <ErrorNote error={error} />
        <fieldset disabled={props.readOnly} class="plain">
          <div class="form-grid">
            {/* Labelled by `for`, not by wrapping: a wrapping label's name would take in 400 zone names. */}
            <div class="field">
              <span>
                <label for="site-time-zone">Time zone</label>
              </span>
              <select id="site-time-zone" value={zone} onChange={(e) => setZone(e.currentTarget.value)}>
                {names.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={zone === current}>
              Save time zone
            </button>
            {status && <span role="status">{status}</span>}
          </div>
        </fieldset>
      </form>
    </Panel>
  );
}
