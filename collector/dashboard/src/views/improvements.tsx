import { useState } from 'preact/hooks';
import type { Improvement, ImprovementListItem, InsightTaxonomy } from '@touchpoint/shared';
import { api, ApiError } from '../api';
import { ErrorNote, Loading, Panel } from '../components/ui';
import { useApp } from '../context';
import { useApi } from '../hooks';

/** The form's fields, as typed (case ids: comma- or space-separated). */
interface Draft {
  title: string;
  body: string;
  day: string;
  touchpoint: string;
  theme: string;
  caseIds: string;
}

const today = () => new Date().toISOString().slice(0, 10);
const empty = (): Draft => ({ title: '', body: '', day: today(), touchpoint: '', theme: '', caseIds: '' });
const draftOf = (i: Improvement): Draft => ({
  title: i.title,
  body: i.body,
  day: i.day,
  touchpoint: i.touchpoint ?? '',
  theme: i.theme ?? '',
  caseIds: i.caseIds.join(', '),
});

/** "You said, we did": the site's improvements, posted and edited here, shown on the public page /y/:site. */
export function Improvements() {
  const app = useApp();
  const site = encodeURIComponent(app.site);
  const list = useApi<ImprovementListItem[]>(`/sites/${site}/improvements`);
  const taxonomy = useApi<InsightTaxonomy>(`/sites/${site}/insights/taxonomy`);
  const [draft, setDraft] = useState<Draft>(empty);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<ApiError>();
  const [status, setStatus] = useState('');
  const themeLabel = (id: string) => taxonomy.data?.themes.find((t) => t.id === id)?.label ?? id;
  const field = <K extends keyof Draft>(k: K) => ({
    value: draft[k],
    onInput: (e: Event) => setDraft({ ...draft, [k]: (e.currentTarget as HTMLInputElement).value }),
  });

  const save = async (e: Event) => {
    e.preventDefault();
    const body = {
      title: draft.title,
      body: draft.body,
      day: draft.day,
      touchpoint: draft.touchpoint || null,
      theme: draft.theme || null,
      caseIds: draft.caseIds.split(/[\s,]+/).filter(Boolean),
    };
    try {
      const saved = await api<Improvement & { notified: number }>(
        editing ? `/sites/${site}/improvements/${encodeURIComponent(editing)}` : `/sites/${site}/improvements`,
        { method: editing ? 'PATCH' : 'POST', body },
      );
      setError(undefined);
      setStatus(
        `${editing ? 'Saved' : 'Posted'} "${saved.title}"; ${saved.notified} respondent${saved.notified === 1 ? '' : 's'} told by e-mail.`,
      );
      setEditing(null);
      setDraft(empty());
      list.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
    }
  };
  const remove = async (i: Improvement) => {
    if (!confirm(`Delete "${i.title}"?`)) return;
    try {
      await api(`/sites/${site}/improvements/${encodeURIComponent(i.id)}`, { method: 'DELETE' });
      setStatus(`Deleted "${i.title}".`);
      if (editing === i.id) {
        setEditing(null);
        setDraft(empty());
      }
      list.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
    }
  };

  return (
    <div class="view" data-testid="improvements">
      <h1>You said, we did</h1>
      <p>
        What was done about the feedback, on the public page{' '}
        <a href={`/y/${site}`} target="_blank" rel="noopener">
          /y/{app.site}
        </a>
        {app.touchpoints.length > 0 && ' and per touchpoint: '}
        {app.touchpoints.map((t, n) => (
          <span key={t.id}>
            {n > 0 && ', '}
            <a href={`/y/${site}/${encodeURIComponent(t.id)}`} target="_blank" rel="noopener">
              {t.name}
            </a>
          </span>
        ))}
        . No respondent data is shown there. Respondents of linked cases, and those who complained about the linked
        theme, who left a contact with consent, are told once by e-mail.
      </p>
      <Panel title={editing ? 'Edit the improvement' : 'Post an improvement'} id="improvement-form">
        <ErrorNote error={error} />
        <form onSubmit={save} aria-label={editing ? 'Edit improvement' : 'New improvement'}>
          <fieldset disabled={app.readOnly} class="plain">
            <div class="form-grid">
              <label class="field">
                <span>Title</span>
                <input type="text" required maxLength={120} {...field('title')} />
              </label>
              <label class="field">
                <span>Day done</span>
                <input type="date" required {...field('day')} />
              </label>
              <label class="field">
                <span>Touchpoint</span>
                <select {...field('touchpoint')} onChange={field('touchpoint').onInput}>
                  <option value="">The whole site</option>
                  {app.touchpoints.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </label>
              <label class="field">
                <span>Theme</span>
                <select {...field('theme')} onChange={field('theme').onInput}>
                  <option value="">No theme</option>
                  {(taxonomy.data?.themes ?? []).map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.label}
                    </option>
                  ))}
                </select>
              </label>
              <label class="field">
                <span>Linked case ids (optional, comma-separated)</span>
                <input type="text" {...field('caseIds')} />
              </label>
            </div>
            <label class="field">
              <span>What was done</span>
              <textarea rows={3} maxLength={2000} {...field('body')} />
            </label>
            <div class="actions">
              <button type="submit" class="btn btn-primary">
                {editing ? 'Save improvement' : 'Post improvement'}
              </button>
              {editing && (
                <button
                  type="button"
                  class="btn"
                  onClick={() => {
                    setEditing(null);
                    setDraft(empty());
                  }}
                >
                  Cancel
                </button>
              )}
              {status && <span role="status">{status}</span>}
            </div>
          </fieldset>
        </form>
      </Panel>
      <Panel title="Improvements" id="improvement-list">
        <ErrorNote error={list.error} />
        {!list.data ? (
          <Loading what="improvements" />
        ) : list.data.length === 0 ? (
          <p class="empty">No improvement posted yet.</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Day</th>
                  <th scope="col">Touchpoint</th>
                  <th scope="col">Theme</th>
                  <th scope="col" class="num">
                    Linked cases
                  </th>
                  <th scope="col" class="num">
                    Notices sent
                  </th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((i) => (
                  <tr key={i.id} data-improvement={i.id}>
                    <th scope="row">{i.title}</th>
                    <td>{i.day}</td>
                    <td>{i.touchpoint ? app.tpName(i.touchpoint) : 'Whole site'}</td>
                    <td>{i.theme ? themeLabel(i.theme) : '–'}</td>
                    <td class="num">{i.caseIds.length}</td>
                    <td class="num">{i.notices}</td>
                    <td>
                      <button
                        type="button"
                        class="btn btn-small"
                        disabled={app.readOnly}
                        aria-label={`Edit ${i.title}`}
                        onClick={() => {
                          setEditing(i.id);
                          setDraft(draftOf(i));
                          setStatus('');
                        }}
                      >
                        Edit
                      </button>{' '}
                      <button
                        type="button"
                        class="btn btn-small"
                        disabled={app.readOnly}
                        aria-label={`Delete ${i.title}`}
                        onClick={() => void remove(i)}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
    </div>
  );
}
