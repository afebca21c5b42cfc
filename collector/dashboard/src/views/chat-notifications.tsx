import type { NotifyDigest, NotifyKind, Rule, RuleAction } from '@touchpoint/shared';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { ErrorNote, Loading, Panel } from '../components/ui';
import { useApp } from '../context';
import { useApi } from '../hooks';

type NotifyAction = Extract<RuleAction, { type: 'notify' }>;

const DIGEST_LABELS: Record<NotifyDigest, string> = {
  none: 'one message per detractor',
  hourly: 'an hourly summary',
  daily: 'a daily summary',
};

/** Slack and Teams: the site's rules with a `notify` action, and a form that adds a detractor alert rule. */
export function ChatNotifications() {
  const app = useApp();
  const rules = useApi<Rule[]>(`/sites/${app.site}/rules`);
  const [kind, setKind] = useState<NotifyKind>('slack');
  const [url, setUrl] = useState('');
  const [digest, setDigest] = useState<NotifyDigest>('none');
  const [error, setError] = useState<ApiError | undefined>();

  const notifying = (rules.data ?? []).flatMap((r) =>
    r.actions.filter((a): a is NotifyAction => a.type === 'notify').map((a) => ({ rule: r, action: a })),
  );

  const add = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      // A rule id is a slug: the service and a count keep it unique on the site.
      const id = `${kind}-alert-${notifying.length + 1}`;
      const action: NotifyAction = { type: 'notify', kind, url, digest };
      await api<Rule>(`/sites/${app.site}/rules`, {
        method: 'POST',
        body: {
          id,
          name: `Detractors to ${kind === 'slack' ? 'Slack' : 'Teams'}`,
          match: { bands: ['detractor'] },
          actions: [action],
        },
      });
      setUrl('');
      rules.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
    }
  };

  return (
    <Panel title="Slack and Teams" id="chat-notifications">
      {!rules.data ? (
        <Loading what="rules" />
      ) : (
        <form onSubmit={add} aria-label="Slack and Teams">
          <ul data-testid="chat-notifications">
            {notifying.map(({ rule, action }) => (
              <li key={`${rule.id}-${action.url}`}>
                {rule.name}: {action.kind === 'slack' ? 'Slack' : 'Teams'}, {DIGEST_LABELS[action.digest]} (
                {new URL(action.url).host})
              </li>
            ))}
          </ul>
          <ErrorNote error={error} />
          <fieldset disabled={app.readOnly} class="plain">
            <div class="form-grid">
              <label class="field">
                <span>Service</span>
                <select value={kind} onChange={(e) => setKind(e.currentTarget.value as NotifyKind)}>
                  <option value="slack">Slack (or Mattermost)</option>
                  <option value="teams">Microsoft Teams</option>
                </select>
              </label>
              <label class="field">
                <span>Incoming-webhook URL</span>
                <input type="url" required value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
              </label>
              <label class="field">
                <span>Send</span>
                <select value={digest} onChange={(e) => setDigest(e.currentTarget.value as NotifyDigest)}>
                  {(Object.keys(DIGEST_LABELS) as NotifyDigest[]).map((d) => (
                    <option key={d} value={d}>
                      {DIGEST_LABELS[d]}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <div class="actions">
              <button type="submit" class="btn btn-primary">
                Add detractor alert
              </button>
            </div>
          </fieldset>
        </form>
      )}
    </Panel>
  );
}
