import type { Survey, Touchpoint, TouchpointKind } from '@touchpoint/shared';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { ErrorNote, Loading, Panel, ReadOnlyNote } from '../components/ui';
import { useApp } from '../context';
import { useApi } from '../hooks';
import { EmbedSnippet } from './embed-snippet';

const KINDS: TouchpointKind[] = ['web', 'store', 'kiosk', 'qr'];

/** Kinds of touchpoint people reach on paper (a receipt, a sign in the store): QR code and poster. */
const PRINTED: TouchpointKind[] = ['store', 'qr'];
/** Whether a touchpoint is reached on paper: a printed kind, not a phone line (tagged `phone`, kind store). */
const printed = (t: Touchpoint) => PRINTED.includes(t.kind) && !t.tags.includes('phone');
/** Kinds of touchpoint a tablet stands at: the kiosk page. */
const KIOSK: TouchpointKind[] = ['kiosk'];

/** Touchpoints with their QR code, poster, kiosk and link pages; a form to add one; the embed snippet. */
export function Touchpoints() {
  const app = useApp();
  const surveys = useApi<Survey[]>(`/sites/${app.site}/surveys`);
  const links = useApi<{ origin: string; publicUrl: string | null }>('/links');
  const [draft, setDraft] = useState<{ id: string; name: string; kind: TouchpointKind; tags: string }>({
    id: '',
    name: '',
    kind: 'store',
    tags: '',
  });
  const [error, setError] = useState<ApiError | undefined>();
  const [created, setCreated] = useState('');
  // a link/QR survey for each touchpoint: the one aimed at it, else the first manual one
  const linkSurvey = (t: Touchpoint) =>
    surveys.data?.find((s) => s.touchpoint === t.id) ?? surveys.data?.find((s) => s.trigger.type === 'manual');

  const create = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setCreated('');
    try {
      const tags = draft.tags
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      const t = await api<Touchpoint>(`/sites/${app.site}/touchpoints`, {
        method: 'POST',
        body: { id: draft.id, name: draft.name, kind: draft.kind, tags },
      });
      setCreated(`Created “${t.name}”.`);
      setDraft({ id: '', name: '', kind: draft.kind, tags: '' });
      app.reloadTouchpoints();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
    }
  };

  return (
    <div class="view" data-testid="touchpoints">
      <h1>Touchpoints &amp; embed</h1>
      <ReadOnlyNote readOnly={app.readOnly} />
      <EmbedSnippet site={app.site} />
      <Panel title="Add a touchpoint" id="tp-create">
        <ErrorNote error={error} />
        <form onSubmit={create} aria-label="New touchpoint">
          <fieldset disabled={app.readOnly} class="plain">
            <div class="form-grid">
              <label class="field">
                <span>Id</span>
                <input
                  type="text"
                  required
                  pattern="[a-z0-9][a-z0-9_\-]*"
                  value={draft.id}
                  onInput={(e) => setDraft({ ...draft, id: e.currentTarget.value })}
                />
              </label>
              <label class="field">
                <span>Name</span>
                <input
                  type="text"
                  required
                  value={draft.name}
                  onInput={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
                />
              </label>
              <label class="field">
                <span>Kind</span>
                <select
                  value={draft.kind}
                  onChange={(e) => setDraft({ ...draft, kind: e.currentTarget.value as TouchpointKind })}
                >
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {k}
                    </option>
                  ))}
                </select>
              </label>
              <label class="field">
                <span>Tags (comma-separated)</span>
                <input
                  type="text"
                  value={draft.tags}
                  onInput={(e) => setDraft({ ...draft, tags: e.currentTarget.value })}
                />
              </label>
            </div>
            <div class="actions">
              <button type="submit" class="btn btn-primary">
                Add touchpoint
              </button>
              {created && <span role="status">{created}</span>}
            </div>
          </fieldset>
        </form>
      </Panel>
      <Panel title={`${app.touchpoints.length} touchpoints`} id="tp-list">
        {links.data && !links.data.publicUrl && (
          <p class="note note-info" data-testid="public-url-hint">
            QR codes and posters link to <code>{links.data.origin}</code>, the address this browser uses. Before
            printing, set <code>TOUCHPOINT_PUBLIC_URL</code> to the address customers reach (see{' '}
            <code>.env.example</code>).
          </p>
        )}
        {app.touchpoints.length === 0 && !surveys.data ? (
          <Loading what="touchpoints" />
        ) : (
          <ul class="cards">
            {app.touchpoints.map((t) => {
              const s = linkSurvey(t);
              const id = encodeURIComponent(t.id);
              return (
                <li class="card" key={t.id} data-touchpoint={t.id}>
                  {printed(t) && (
                    <img
                      class="qr"
                      src={`/qr/${id}.svg`}
                      alt={`QR code for ${t.name}`}
                      width={96}
                      height={96}
                      loading="lazy"
                    />
                  )}
                  <div>
                    <h3>{t.name}</h3>
                    <p class="muted">
                      {t.id} · {t.kind}
                      {t.tags.length > 0 && ` · ${t.tags.join(', ')}`}
                    </p>
                    <ul>
                      {printed(t) && (
                        <li>
                          <a href={`/p/${id}`} target="_blank" rel="noopener">
                            Printable poster
                          </a>
                        </li>
                      )}
                      {KIOSK.includes(t.kind) && (
                        <li>
                          <a href={`/k/${id}`} target="_blank" rel="noopener">
                            Kiosk page
                          </a>
                        </li>
                      )}
                      {s && (
                        <li>
                          <a href={`/s/${encodeURIComponent(s.id)}?tp=${id}`} target="_blank" rel="noopener">
                            Survey link ({s.name})
                          </a>
                        </li>
                      )}
                      {printed(t) && (
                        <li>
                          <a href={`/qr/${id}.png`} download={`qr-${t.id}.png`}>
                            QR code (PNG)
                          </a>
                        </li>
                      )}
                    </ul>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </Panel>
    </div>
  );
}
