import type { EventInput } from '@touchpoint/shared';
import { uuid } from '../../core/dom';
import type { ModeSettings } from '../settings';
import type { OfflineQueue } from './queue';

/**
 * Tells the collector every `heartbeatMs` that this kiosk is alive, how many answers wait in its
 * queue and whether it thinks it is online; each beat also retries the queue. A beat that cannot be
 * sent is not kept: the next one says the same, and newer.
 */
export function heartbeat(o: ModeSettings, kiosk: string, q: OfflineQueue): void {
  const beat = async () => {
    void q.flush();
    const body: EventInput = {
      type: 'heartbeat',
      id: uuid(),
      site: o.site,
      touchpoint: o.touchpoint,
      kiosk,
      queued: await q.size(),
      online: navigator.onLine,
      version: __TP_VERSION__,
      createdAt: new Date().toISOString(),
    };
    await fetch(new URL('v1/events', o.collector), { method: 'POST', body: JSON.stringify(body) });
  };
  const safe = () => void beat().catch(() => {});
  safe();
  setInterval(safe, o.heartbeatMs);
}
