import type { CasePatch, CaseStatus } from '@touchpoint/shared';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { ErrorNote } from '../components/ui';
import { useApp } from '../context';
import { fmtDateTime, relativeTime } from '../format';
import type { FollowUpCase } from '../types';

const NEXT: Record<CaseStatus, CaseStatus | null> = { open: 'contacted', contacted: 'resolved', resolved: null };

/** One case: what the customer said, when it is due, and the next step (status, a note). */
export function CaseRow({ c, onChanged }: { c: FollowUpCase; onChanged: () => void }) {
  const app = useApp();
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const patch = async (body: CasePatch) => {
    setError(undefined);
    try {
      await api(`/sites/${app.site}/cases/${encodeURIComponent(c.id)}`, { method: 'PATCH', body });
      setNote('');
      onChanged();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
    }
  };
  const next = NEXT[c.status];
  return (
    <tr class={c.overdue ? 'flagged' : undefined}>
      <td>
        <strong>
          {c.score ?? '–'} {c.band && <span class="badge badge-bad">{c.band}</span>}
        </strong>
        {c.verbatim && <blockquote class="verbatim">“{c.verbatim}”</blockquote>}
        {c.contact && <div class="muted">Contact: {c.contact}</div>}
        {c.notes.length > 0 && (
          <ul class="answers">
            {c.notes.map((n) => (
              <li key={n.at} class="muted">
                {fmtDateTime(n.at)} · {n.author}: {n.text}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>{app.tpName(c.touchpoint)}</td>
      <td class="nowrap">
        <time dateTime={c.dueAt} title={fmtDateTime(c.dueAt)}>
          {relativeTime(c.dueAt)}
        </time>
        {c.overdue && <span class="badge badge-bad">overdue</span>}
      </td>
      <td>
        <span class="badge badge-info">{c.status}</span>
      </td>
      <td>
        <ErrorNote error={error} />
        <fieldset disabled={app.readOnly} class="plain">
          <div class="row">
            {next && (
              <button type="button" class="btn btn-small" onClick={() => patch({ status: next })}>
                Mark {next}
              </button>
            )}
            <label class="visually-hidden" for={`note-${c.id}`}>
              Note on this case
            </label>
            <input
              id={`note-${c.id}`}
              type="text"
              placeholder="Add a note"
              value={note}
              onInput={(e) => setNote(e.currentTarget.value)}
            />
            <button
              type="button"
              class="btn btn-small"
              disabled={!note.trim()}
              onClick={() => patch({ note: note.trim() })}
            >
              Add note
            </button>
          </div>
        </fieldset>
      </td>
    </tr>
  );
}
