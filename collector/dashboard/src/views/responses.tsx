import type { Survey } from '@touchpoint/shared';
import { useState } from 'preact/hooks';
import { ApiError, download, qs } from '../api';
import { TouchpointSelect } from '../components/touchpoint-select';
import { ErrorNote, Loading, Panel } from '../components/ui';
import { useApp } from '../context';
import { addDays, CHANNELS, channelLabel } from '../format';
import { useApi } from '../hooks';
import type { ResponsePage } from '../types';
import { ResponseRow } from './response-row';

/** Responses per page. */
const PAGE_SIZE = 25;

interface Filters {
  touchpoint: string;
  channel: string;
  survey: string;
  from: string;
  to: string;
  partial: '' | 'true' | 'false';
  flagged: '' | 'only' | 'hide';
}

/** The response browser: filters, verbatims with their context, paging by cursor, export. */
export function Responses() {
  const app = useApp();
  const [f, setF] = useState<Filters>({
    touchpoint: '',
    channel: '',
    survey: '',
    from: app.from,
    to: app.to,
    partial: '',
    flagged: '',
  });
  // cursors of the pages seen so far; the last one is the page on screen
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [exportError, setExportError] = useState<ApiError | undefined>();
  const surveys = useApi<Survey[]>(`/sites/${app.site}/surveys`);
  // the API's `to` is exclusive; the picker's is the last day shown
  const filter = {
    touchpoint: f.touchpoint,
    channel: f.channel,
    survey: f.survey,
    from: f.from,
    to: f.to && addDays(f.to, 1),
    partial: f.partial,
    flagged: f.flagged === 'only' ? 'true' : f.flagged === 'hide' ? 'false' : '',
    verified: app.verifiedOnly ? 'receipt' : '',
  };
  const page = useApi<ResponsePage>(
    `/sites/${app.site}/responses${qs({ ...filter, limit: PAGE_SIZE, cursor: cursors.at(-1) })}`,
  );
  const set = (patch: Partial<Filters>) => {
    setF((old) => ({ ...old, ...patch }));
    setCursors([undefined]);
  };
  const items = page.data?.items ?? [];
  const bySurvey = new Map((surveys.data ?? []).map((s) => [s.id, s]));
  const exportAs = (format: 'csv' | 'ndjson') => {
    setExportError(undefined);
    download(
      `/sites/${app.site}/responses/export${qs({ ...filter, format })}`,
      `touchpoint-${app.site}.${format}`,
    ).catch((e: unknown) => setExportError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e))));
  };

  return (
    <div class="view" data-testid="responses">
      <h1>Responses</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter responses">
        <TouchpointSelect value={f.touchpoint} onChange={(touchpoint) => set({ touchpoint })} name="touchpoint" />
        <label>
          <span>Channel</span>
          <select value={f.channel} onChange={(e) => set({ channel: e.currentTarget.value })} name="channel">
            <option value="">All</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {channelLabel(c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Survey</span>
          <select value={f.survey} onChange={(e) => set({ survey: e.currentTarget.value })} name="survey">
            <option value="">All</option>
            {(surveys.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>From</span>
          <input type="date" value={f.from} onChange={(e) => set({ from: e.currentTarget.value })} />
        </label>
        <label>
          <span>To</span>
          <input type="date" value={f.to} onChange={(e) => set({ to: e.currentTarget.value })} />
        </label>
        <label>
          <span>Completion</span>
          <select value={f.partial} onChange={(e) => set({ partial: e.currentTarget.value as Filters['partial'] })}>
            <option value="">All</option>
            <option value="false">Complete</option>
            <option value="true">Partial</option>
          </select>
        </label>
        <label>
          <span>Flagged</span>
          <select value={f.flagged} onChange={(e) => set({ flagged: e.currentTarget.value as Filters['flagged'] })}>
            <option value="">All</option>
            <option value="only">Flagged only</option>
            <option value="hide">Hide flagged</option>
          </select>
        </label>
      </form>
      <Panel
        title="Answers, newest first"
        id="response-list"
        actions={
          <div class="actions">
            <button type="button" class="btn" onClick={() => exportAs('csv')}>
              Export CSV
            </button>
            <button type="button" class="btn" onClick={() => exportAs('ndjson')}>
              Export NDJSON
            </button>
          </div>
        }
      >
        <ErrorNote error={page.error ?? exportError} />
        {!page.data ? (
          <Loading what="responses" />
        ) : items.length === 0 ? (
          <p class="empty">No responses match these filters.</p>
        ) : (
          <div class="table-wrap">
            <table class="table responses" data-testid="responses-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Touchpoint</th>
                  <th scope="col">Answers</th>
                  <th scope="col">Context</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <ResponseRow key={r.id} r={r} survey={bySurvey.get(r.survey)} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav class="pager" aria-label="Pages of responses">
          <button
            type="button"
            class="btn"
            disabled={cursors.length < 2}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            ← Newer
          </button>
          <span>Page {cursors.length}</span>
          <button
            type="button"
            class="btn"
            disabled={!page.data?.nextCursor}
            onClick={() => page.data?.nextCursor && setCursors((c) => [...c, page.data!.nextCursor!])}
          >
            Older →
          </button>
        </nav>
      </Panel>
    </div>
  );
}
