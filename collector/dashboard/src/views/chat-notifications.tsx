import type {
  CommentSentiment,
  InsightTaxonomy,
  NotifyDigest,
  NotifyKind,
  Rule,
  RuleAction,
  RuleMatch,
} from '@touchpoint/shared';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { ErrorNote, Loading, Panel } from '../components/ui';
import { useApp } from '../context';
import { useApi } from '../hooks';

type NotifyAction = Extract<RuleAction, { type: 'notify' }>;

const DIGEST_LABELS: Record<NotifyDigest, string> = {
  none: 'one message per matching response',
  hourly: 'an hourly summary',
  daily: 'a daily summary',
};

const SENTIMENTS: CommentSentiment[] = ['negative', 'mixed', 'neutral', 'positive'];

/** What a rule's match covers, in words: bands, then themes and sentiments by their labels. */
function matchText(match: Rule['match'], labels: Map<string, string>): string {
  const parts: string[] = [];
  if (match.bands) parts.push(match.bands.join(', '));
  if (match.themes) parts.push(`about ${match.themes.map((t) => labels.get(t) ?? t).join(', ')}`);
  if (match.sentiments) parts.push(`sentiment ${match.sentiments.join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : 'every response';
}

/**
 * Slack and Teams: the site's rules with a `notify` action, and a form that adds an alert rule: for
 * detractors, and/or for comments about some of the site's themes, with some sentiments.
 */
export function ChatNotifications() {
  const app = useApp();
  const rules = useApi<Rule[]>(`/sites/${app.site}/rules`);
  const [kind, setKind] = useState<NotifyKind>('slack');
  const [url, setUrl] = useState('');
  const [digest, setDigest] = useState<NotifyDigest>('none');
  const [error, setError] = useState<ApiError | undefined>();
  // Themes come from the site's taxonomy; without insights (503) the form offers none.
  const taxonomy = useApi<InsightTaxonomy>(`/sites/${app.site}/insights/taxonomy`);
  const labels = new Map((taxonomy.data?.themes ?? []).map((t) => [t.id, t.label]));
  const [detractorsOnly, setDetractorsOnly] = useState(true);
  const [themes, setThemes] = useState<string[]>([]);
  const [sentiments, setSentiments] = useState<CommentSentiment[]>([]);
  const toggle = <T,>(list: T[], item: T, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item));

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
      const match: Omit<RuleMatch, 'scale'> = {
        ...(detractorsOnly ? { bands: ['detractor'] } : {}),
        ...(themes.length > 0 ? { themes } : {}),
        ...(sentiments.length > 0 ? { sentiments } : {}),
      };
      const who = detractorsOnly ? 'Detractors' : themes.length > 0 ? 'Comments' : 'Responses';
      const about = themes.length > 0 ? ` about ${themes.map((t) => labels.get(t) ?? t).join(', ')}` : '';
      await api<Rule>(`/sites/${app.site}/rules`, {
        method: 'POST',
        body: { id, name: `${who}${about} to ${kind === 'slack' ? 'Slack' : 'Teams'}`, match, actions: [action] },
      });
      setUrl('');
      setThemes([]);
      setSentiments([]);
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
                {new URL(action.url).host}) <span class="muted">[{matchText(rule.match, labels)}]</span>
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
            <label class="check">
              <input
                type="checkbox"
                checked={detractorsOnly}
                onChange={(e) => setDetractorsOnly(e.currentTarget.checked)}
              />
              Detractors only
            </label>
            {taxonomy.data && (
              <fieldset>
                <legend>Only comments about (any of; none: whatever the comment says)</legend>
                <div class="check-list">
                  {taxonomy.data.themes.map((t) => (
                    <label key={t.id} class="check">
                      <input
                        type="checkbox"
                        checked={themes.includes(t.id)}
                        onChange={(e) => setThemes(toggle(themes, t.id, e.currentTarget.checked))}
                      />
                      {t.label}
                    </label>
                  ))}
                </div>
              </fieldset>
            )}
            <fieldset>
              <legend>Only comments whose sentiment is (any of; with themes: about them)</legend>
              <div class="check-list">
                {SENTIMENTS.map((x) => (
                  <label key={x} class="check">
                    <input
                      type="checkbox"
                      checked={sentiments.includes(x)}
                      onChange={(e) => setSentiments(toggle(sentiments, x, e.currentTarget.checked))}
                    />
                    {x}
                  </label>
                ))}
              </div>
            </fieldset>
            <div class="actions">
              <button type="submit" class="btn btn-primary">
                Add alert
              </button>
            </div>
          </fieldset>
        </form>
      )}
    </Panel>
  );
}
