import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { ErrorNote, Loading, Panel } from '../components/ui';
import { useApp } from '../context';
import { fmtDateTime, relativeTime } from '../format';
import { useApi } from '../hooks';
import type { KioskStatus } from '../types';

/** How often the kiosk list refreshes itself (kiosks send a heartbeat every minute or so). */
const REFRESH_MS = 30_000;

/** A kiosk's name (its id below it), renamed in place; read-only keys see the name only. */
function KioskName({ k, onSaved }: { k: KioskStatus; onSaved: () => void }) {
  const app = useApp();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<ApiError>();
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      const name = draft?.trim() ? draft.trim() : null;
      await api(`/sites/${app.site}/kiosks/${encodeURIComponent(k.kiosk)}/name`, { method: 'PUT', body: { name } });
      setDraft(null);
      setError(undefined);
      onSaved();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
    }
  };
  if (draft !== null)
    return (
      <form class="inline-form" onSubmit={save}>
        <input
          value={draft}
          maxLength={200}
          aria-label={`Name of kiosk ${k.kiosk}`}
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
        <button type="submit" class="btn btn-small">
          Save
        </button>
        <button type="button" class="btn btn-small" onClick={() => setDraft(null)}>
          Cancel
        </button>
        <ErrorNote error={error} />
      </form>
    );
  return (
    <>
      {k.name ?? k.kiosk}
      {k.name && <div class="muted">{k.kiosk}</div>}
      {!app.readOnly && (
        <button type="button" class="btn btn-small" onClick={() => setDraft(k.name ?? '')}>
          {k.name ? 'Rename' : 'Name it'}
        </button>
      )}
    </>
  );
}

/** Kiosk health: last heartbeat, queued answers, online or offline. */
export function Kiosks() {
  const app = useApp();
  const kiosks = useApi<KioskStatus[]>(`/sites/${app.site}/kiosks`);
  const [, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => {
      kiosks.reload();
      setNow(Date.now());
    }, REFRESH_MS);
    return () => clearInterval(t);
  }, [kiosks.reload]);
  return (
    <div class="view" data-testid="kiosks">
      <h1>Kiosks</h1>
      <ErrorNote error={kiosks.error} />
      <Panel title="Kiosk health" id="kiosk-health">
        {!kiosks.data ? (
          <Loading what="kiosks" />
        ) : kiosks.data.length === 0 ? (
          <p class="empty">No kiosk has sent a heartbeat yet. Open a touchpoint's kiosk page on a tablet to add one.</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Kiosk</th>
                  <th scope="col">Touchpoint</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last heartbeat</th>
                  <th scope="col" class="num">
                    Queued answers
                  </th>
                  <th scope="col">Version</th>
                  <th scope="col">Kiosk page</th>
                </tr>
              </thead>
              <tbody>
                {kiosks.data.map((k) => (
                  <tr key={k.kiosk}>
                    <th scope="row">
                      <KioskName k={k} onSaved={kiosks.reload} />
                    </th>
                    <td>{k.touchpoint ? app.tpName(k.touchpoint) : '–'}</td>
                    <td>
                      <span class={`badge ${k.online ? 'badge-ok' : 'badge-bad'}`}>
                        {k.online ? '● online' : '○ offline'}
                      </span>
                    </td>
                    <td>
                      <time dateTime={k.lastSeenAt} title={fmtDateTime(k.lastSeenAt)}>
                        {relativeTime(k.lastSeenAt)}
                      </time>
                    </td>
                    <td class={`num ${k.queued > 0 ? 'warn' : ''}`}>{k.queued}</td>
                    <td>{k.version ?? '–'}</td>
                    <td>
                      {k.touchpoint ? (
                        <a href={`/k/${encodeURIComponent(k.touchpoint)}`} target="_blank" rel="noopener">
                          Open /k/{k.touchpoint}
                        </a>
                      ) : (
                        '–'
                      )}
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
