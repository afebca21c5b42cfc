import type { CaseStatus } from '@touchpoint/shared';
import { useState } from 'preact/hooks';
import { qs } from '../api';
import { TouchpointSelect } from '../components/touchpoint-select';
import { ErrorNote, Loading, Panel, ReadOnlyNote } from '../components/ui';
import { useApp } from '../context';
import { fmtInt } from '../format';
import { useApi } from '../hooks';
import type { CaseSummaryRow, FollowUpCase } from '../types';
import { CaseRow } from './case-row';

/** Cases listed at once (soonest due first). */
const CASE_LIMIT = 100;

/** The follow-up inbox: a case per detractor, open → contacted → resolved, with notes. */
export function Inbox() {
  const app = useApp();
  const [status, setStatus] = useState<CaseStatus | ''>('open');
  const [touchpoint, setTouchpoint] = useState('');
  const [overdue, setOverdue] = useState(false);
  const cases = useApi<FollowUpCase[]>(
    `/sites/${app.site}/cases${qs({ status, touchpoint, overdue: overdue ? 'true' : undefined, limit: CASE_LIMIT })}`,
  );
  const summary = useApi<CaseSummaryRow[]>(`/sites/${app.site}/cases/summary`);
  const totals = (summary.data ?? []).reduce(
    (t, r) => ({
      open: t.open + r.open,
      contacted: t.contacted + r.contacted,
      resolved: t.resolved + r.resolved,
      overdue: t.overdue + r.overdue,
    }),
    { open: 0, contacted: 0, resolved: 0, overdue: 0 },
  );
  return (
    <div class="view" data-testid="inbox">
      <h1>Follow-up inbox</h1>
      <ReadOnlyNote readOnly={app.readOnly} />
      <ErrorNote error={cases.error ?? summary.error} />
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
      </form>
      <Panel title="Cases, soonest due first" id="cases">
        {!cases.data ? (
          <Loading what="cases" />
        ) : cases.data.length === 0 ? (
          <p class="empty">No case matches. Detractors open cases through the site's rules.</p>
        ) : (
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
                {cases.data.map((c) => (
                  <CaseRow key={c.id} c={c} onChanged={() => (cases.reload(), summary.reload())} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {cases.data?.length === CASE_LIMIT && <p class="hint">Showing the first {CASE_LIMIT}; filter to see others.</p>}
      </Panel>
    </div>
  );
}
