import type { Rule, Survey, WebhookEvent } from '@touchpoint/shared';
import type { QuestionTypesAt } from './type-at-arrival.js';

/**
 * What planning a write reads of a site: its surveys, touchpoint names and closed-loop configuration, as
 * the store's site cache holds them. Read-only; a plan never loads anything itself.
 */
export interface PlanSite extends QuestionTypesAt {
  surveys: ReadonlyMap<string, Survey>;
  touchpoints: ReadonlyMap<string, { name: string }>;
  /** the active rules, in evaluation order */
  rules: readonly Rule[];
  /** ids of the active endpoints (a rule's webhook action may name any of them) */
  endpointIds: ReadonlySet<string>;
  /** event → the active endpoints subscribed to it (absent: none, so emitting it does nothing) */
  subscribers: ReadonlyMap<WebhookEvent, readonly string[]>;
  /** the site's IANA time zone: rollups count each response and impression on its local day there */
  timeZone: string;
  /** the site's follow-up SLA in hours: a case is due by the SLA of the day it opens */
  slaHours: number;
  /** question id → type of a live survey as defined now (empty for an unknown survey); rollups use `typeAt` */
  questionTypes(survey: string): ReadonlyMap<string, string>;
}
