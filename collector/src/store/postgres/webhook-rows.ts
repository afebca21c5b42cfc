import type { WebhookEndpoint, WebhookEvent } from '@touchpoint/shared';

/** A row of the webhooks table. */
export interface WebhookRow {
  id: string;
  url: string;
  events: WebhookEvent[];
  secret: string;
  active: boolean;
  created_at: string;
}

/** An endpoint as the admin API shows it (never its secret). */
export const toEndpoint = (r: WebhookRow): WebhookEndpoint => ({
  id: r.id,
  url: r.url,
  events: r.events,
  active: r.active,
  createdAt: r.created_at,
});
