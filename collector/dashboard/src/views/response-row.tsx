import type { StoredResponse, Survey } from '@touchpoint/shared';
import { readAnswers } from '../answers';
import { useApp } from '../context';
import { channelLabel, fmtDateTime, relativeTime } from '../format';

/** A page URL shortened to its path. */
function pagePath(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

/** Variables shown as their own context line rather than in the list of the rest. */
const CART_VALUE = 'cartValue';

/** One response: when, where, the answers with verbatims set apart, and its context. */
export function ResponseRow({
  r,
  survey,
}: {
  r: StoredResponse & { verified?: 'receipt' | null };
  survey: Survey | undefined;
}) {
  const app = useApp();
  const answers = readAnswers(survey, r.answers);
  const cart = r.vars[CART_VALUE];
  const otherVars = Object.entries(r.vars).filter(([k]) => k !== CART_VALUE);
  return (
    <tr data-id={r.id} class={r.flagged ? 'flagged' : undefined}>
      <td class="nowrap">
        <time dateTime={r.createdAt} title={fmtDateTime(r.createdAt)}>
          {relativeTime(r.createdAt)}
        </time>
        <div class="muted">{fmtDateTime(r.createdAt)}</div>
        {r.partial && <span class="badge badge-info">partial</span>}
        {r.verified === 'receipt' && (
          <span class="badge badge-info" title="From a receipt QR code, answered within its validity window">
            verified: receipt
          </span>
        )}
        {r.flagged && (
          <span class="badge badge-warn" title={r.flagReason ?? undefined}>
            flagged{r.flagReason ? `: ${r.flagReason}` : ''}
          </span>
        )}
      </td>
      <td>
        <strong>{app.tpName(r.touchpoint)}</strong>
        <div class="muted">
          {survey?.name ?? r.survey} · {channelLabel(r.channel)}
        </div>
      </td>
      <td>
        <ul class="answers">
          {answers
            .filter((a) => !a.verbatim)
            .map((a) => (
              <li key={a.id}>
                <span class="muted">{a.question}</span> <strong>{a.value}</strong>
              </li>
            ))}
        </ul>
        {answers
          .filter((a) => a.verbatim)
          .map((a) => (
            <blockquote key={a.id} class="verbatim" title={a.question}>
              “{a.value}”
            </blockquote>
          ))}
      </td>
      <td class="context">
        <dl>
          {r.url && (
            <>
              <dt>Page</dt>
              <dd title={r.url}>{pagePath(r.url)}</dd>
            </>
          )}
          {r.trigger && (
            <>
              <dt>Trigger</dt>
              <dd>{r.trigger}</dd>
            </>
          )}
          {(r.device || r.os || r.browser) && (
            <>
              <dt>Device</dt>
              <dd>{[r.device, r.os, r.browser].filter(Boolean).join(' · ')}</dd>
            </>
          )}
          {cart !== undefined && (
            <>
              <dt>Cart value</dt>
              <dd>{typeof cart === 'number' ? cart.toFixed(2) : String(cart)}</dd>
            </>
          )}
          {r.kiosk && (
            <>
              <dt>Kiosk</dt>
              <dd>{r.kiosk}</dd>
            </>
          )}
          {otherVars.length > 0 && (
            <>
              <dt>Variables</dt>
              <dd>{otherVars.map(([k, v]) => `${k}: ${String(v)}`).join(', ')}</dd>
            </>
          )}
        </dl>
      </td>
    </tr>
  );
}
