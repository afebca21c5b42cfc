import type { Site } from '@touchpoint/shared';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { ErrorNote, Loading, Panel, ReadOnlyNote } from '../components/ui';
import { useApp } from '../context';
import { useApi } from '../hooks';
import { ChatNotifications } from './chat-notifications';
import { ThemeEditor } from './theme-editor';
import { TimeZoneSetting } from './time-zone-setting';

/** Longest retention period the collector accepts (shared/src/site.ts), in months. */
const MAX_RETENTION_MONTHS = 240;

type RetentionAction = 'anonymise' | 'delete';

/** A site's settings: its retention period (storage limitation, GDPR art. 5(1)(e)), time zone, theme, chat alerts. */
export function SiteSettings() {
  const app = useApp();
  const site = useApi<Site>(`/sites/${app.site}`);
  return (
    <div class="view" data-testid="site-settings">
      <h1>Site settings</h1>
      <ReadOnlyNote readOnly={app.readOnly} />
      <ErrorNote error={site.error} />
      {!site.data ? (
        <Panel title="Retention" id="retention">
          <Loading what="site settings" />
        </Panel>
      ) : (
        <RetentionSetting site={site.data} readOnly={app.readOnly} saved={site.reload} />
      )}
      {site.data && <TimeZoneSetting site={site.data} readOnly={app.readOnly} saved={site.reload} />}
      {site.data && <ThemeEditor site={site.data} readOnly={app.readOnly} saved={site.reload} />}
      <ChatNotifications />
    </div>
  );
}

/** The site's retention period and what then happens to older responses. */
function RetentionSetting(props: { site: Site; readOnly: boolean; saved: () => void }) {
  const stored = props.site.settings;
  const [months, setMonths] = useState(stored.retentionMonths ? String(stored.retentionMonths) : '');
  const [action, setAction] = useState<RetentionAction>(stored.retentionAction ?? 'anonymise');
  const [error, setError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState('');
  // Follows another site, not a reload of this one: the reload after a save must not undo an edit made since.
  useEffect(() => {
    setMonths(stored.retentionMonths ? String(stored.retentionMonths) : '');
    setAction(stored.retentionAction ?? 'anonymise');
  }, [props.site.key]);

  const save = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setSaved('');
    try {
      // Only the two retention settings are sent: a PATCH changes only the settings it names, so an edit of
      // the time zone or theme saved since this page was read is not reset.
      await api<Site>(`/sites/${props.site.key}`, {
        method: 'PATCH',
        body: { settings: { retentionMonths: months === '' ? null : Number(months), retentionAction: action } },
      });
      setSaved('Saved.');
      props.saved();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
    }
  };

  return (
    <Panel title="Retention" id="retention">
      <form onSubmit={save} aria-label="Retention">
        <p class="note">
          Responses older than this are anonymised (respondent, e-mail, contact and free-text answers and variables
          removed; scores kept) or deleted, by a daily job. Scores of past periods do not change. Leave empty to keep
          responses.
        </p>
        <ErrorNote error={error} />
        <fieldset disabled={props.readOnly} class="plain">
          <div class="form-grid">
            <label class="field">
              <span>Keep responses for (months)</span>
              <input
                type="number"
                min={1}
                max={MAX_RETENTION_MONTHS}
                step={1}
                placeholder="forever"
                value={months}
                onInput={(e) => setMonths(e.currentTarget.value)}
              />
            </label>
            <label class="field">
              <span>Then</span>
              <select value={action} onChange={(e) => setAction(e.currentTarget.value as RetentionAction)}>
                <option value="anonymise">anonymise them</option>
                <option value="delete">delete them</option>
              </select>
            </label>
          </div>
          <div class="actions">
            <button type="submit" class="btn btn-primary">
              Save retention
            </button>
            {saved && <span role="status">{saved}</span>}
          </div>
        </fieldset>
      </form>
    </Panel>
  );
}
