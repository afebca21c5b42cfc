import type { CaseStatus } from '@touchpoint/shared';
import { useState } from 'preact/hooks';
import { ApiError, apiPage, qs, type Page } from '../api';
import { TouchpointSelect } from '../components/touchpoint-select';
import { ErrorNote, Loading, Panel, ReadOnlyNote } from '../components/ui';
import { useApp } from '../context';
import { fmtInt } from '../format';
import { useApi } from '../hooks';
import type { CaseSummaryRow, FollowUpCase } from '../types';
import { CaseRow } from './case-row';

/** Cases per page ("Load more" fetches the next). */
const CASE_PAGE = 100;
/** The inbox's orders, as the API names them. */
const SORTS = { due: 'Soonest due first', newest: 'Newest first' } as const;
type Sort = keyof typeof SORTS;

/** The table of cases, each with its next step. */
function CaseTable({ items, onChanged }: { items: FollowUpCase[]; onChanged: () => void }) {
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Customer said</th>
            <th scope="col">Touchpoint</th>
            <th scope="col">Due</th>
            <th scope="col">Status</th>
            <th scope="col">Follow up</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <CaseRow key={c.id} c={c} onChanged={onChanged} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The case a link points at (a chat alert's "Open case"), above the listing, whatever the filters. */
function FocusedCase({ id, onChanged }: { id: string; onChanged: () => void }) {
  const app = useApp();
  const found = useApi<FollowUpCase>(`/sites/${app.site}/cases/${encodeURIComponent(id)}`);
  const changed = () => {
    found.reload();
    onChanged();
  };
  return (
    <Panel title="The case you followed a link to" id="focused-case">
      {found.error?.status === 404 ? (
        <p class="empty">This case no longer exists: its respondent may have been erased.</p>
      ) : (
        <ErrorNote error={found.error} />
      )}
      {found.data ? (
        <CaseTable items={[found.data]} onChanged={changed} />
      ) : (
        !found.error && <Loading what="the case" />
      )}
      <p class="hint">
        <a href="#/inbox">Close: back to the inbox alone</a>
      </p>
    </Panel>
  );
}

/** The follow-up inbox: a case per detractor, open → contacted → resolved, with notes. */
export function Inbox({ focus = null }: { focus?: string | null }) {
  const app = useApp();
  const [status, setStatus] = useState<CaseStatus | ''>('open');
  const [touchpoint, setTouchpoint] = useState('');
  const [overdue, setOverdue] = useState(false);
  const [sort, setSort] = useState<Sort>('due');
  const filter = { status, touchpoint, overdue: overdue ? 'true' : undefined };
  const path = `/sites/${app.site}/cases${qs({ ...filter, sort, limit: CASE_PAGE })}`;
  const first = useApi<Page<FollowUpCase>>(path, apiPage);
  // Pages loaded after the first, for this listing only (a new filter or sort starts over).
  const [more, setMore] = useState<{ path: string; items: FollowUpCase[]; next: string | null } | null>(null);
  const [moreError, setMoreError] = useState<ApiError>();
  const extra = more?.path === path ? more : null;
  const items = first.data ? [...first.data.items, ...(extra?.items ?? [])] : undefined;
  const next = extra ? extra.next : (first.data?.next ?? null);
  const loadMore = () => {
    if (!next) return;
    apiPage<FollowUpCase>(`${path}&cursor=${encodeURIComponent(next)}`).then(
      (p) => setMore({ path, items: [...(extra?.items ?? []), ...p.items], next: p.next }),
      (e: unknown) => setMoreError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e))),
    );
  };
  // The counter cards count what the filters select.
  const summary = useApi<CaseSummaryRow[]>(`/sites/${app.site}/cases/summary${qs(filter)}`);
  const totals = (summary.data ?? []).reduce(
    (t, r) => ({
      open: t.open + r.open,
      contacted: t.contacted + r.contacted,
      resolved: t.resolved + r.resolved,
      overdue: t.overdue + r.overdue,
    }),
    { open: 0, contacted: 0, resolved: 0, overdue: 0 },
  );
  const changed = () => {
    setMore(null);
    first.reload();
    summary.reload();
  };
  return (
    <div class="view" data-testid="inbox">
      <h1>Follow-up inbox</h1>
      <ReadOnlyNote readOnly={app.readOnly} />
      <ErrorNote error={first.error ?? moreError ?? summary.error} />
      <div class="tiles tiles-4">
        {(['open', 'contacted', 'resolved', 'overdue'] as const).map((k) => (
          <div class="tile" key={k}>
            <h3>{k}</h3>
            <p class={`tile-value ${k === 'overdue' && totals.overdue > 0 ? 'warn' : ''}`}>
              {summary.data ? fmtInt(totals[k]) : '…'}
            </p>
          </div>
        ))}
      </div>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter cases">
        <label>
          <span>Status</span>
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value as CaseStatus | '')}>
            <option value="">All</option>
            <option value="open">Open</option>
            <option value="contacted">Contacted</option>
            <option value="resolved">Resolved</option>
          </select>
        </label>
        <TouchpointSelect value={touchpoint} onChange={setTouchpoint} />
        <label class="check">
          <span>Overdue only</span>
          <input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.currentTarget.checked)} />
        </label>
        <label>
          <span>Order</span>
          <select value={sort} onChange={(e) => setSort(e.currentTarget.value as Sort)}>
            {Object.entries(SORTS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </form>
      {focus && <FocusedCase id={focus} onChanged={changed} />}
      <Panel title={`Cases, ${SORTS[sort].toLowerCase()}`} id="cases">
        {!items ? (
          <Loading what="cases" />
        ) : items.length === 0 ? (
          <p class="empty">No case matches. Detractors open cases through the site's rules.</p>
        ) : (
          <CaseTable items={items} onChanged={changed} />
        )}
        {next && (
          <p class="hint">
            Showing {fmtInt(items?.length ?? 0)}.{' '}
            <button type="button" class="btn" onClick={loadMore}>
              Load more
            </button>
          </p>
        )}
      </Panel>
    </div>
  );
}
