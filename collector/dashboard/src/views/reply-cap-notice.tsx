import type { Delivery } from '@touchpoint/shared';
import { qs } from '../api';
import { useApp } from '../context';
import { useApi } from '../hooks';

/** How the delivery worker words an e-mail held back by the daily reply cap (collector/src/delivery/worker.ts). */
const CAP_ERROR = 'daily reply cap';
/** Dead e-mails read to find today's held-back ones: more than any cap-hit day leaves between two looks. */
const LOOK_BACK = 200;

/** A warning when the site reached its daily reply cap today (UTC): replies beyond it were not sent. */
export function ReplyCapNotice() {
  const app = useApp();
  const dead = useApi<Delivery[]>(
    `/sites/${app.site}/deliveries${qs({ kind: 'email', status: 'dead', limit: String(LOOK_BACK) })}`,
  );
  const today = new Date().toISOString().slice(0, 10);
  const held = (dead.data ?? []).filter((d) => d.lastError?.startsWith(CAP_ERROR) && d.createdAt.startsWith(today));
  if (held.length === 0) return null;
  return (
    <p class="note note-warning" role="status" data-testid="reply-cap-notice">
      <strong>Daily reply cap reached: </strong>
      {held.length === 1 ? '1 reply' : `${held.length} replies`} today {held.length === 1 ? 'was' : 'were'} not sent (
      {held[0]?.lastError}). Raise the site&apos;s <code>settings.dailyReplyCap</code> if this is honest traffic; the
      held replies can be retried from the delivery log.
    </p>
  );
}
