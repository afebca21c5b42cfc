import {
  siteSettings,
  type ApiKeyKind,
  type Channel,
  type Site,
  type StoredResponse,
  type Survey,
  type Touchpoint,
} from '@touchpoint/shared';
import type { ApiKeyRecord, KioskStatus } from '../store.js';

// Row shapes as SQLite returns them, and their mapping to domain objects.

export interface SiteRow {
  key: string;
  name: string;
  origins: string;
  settings: string;
}
export const toSite = (r: SiteRow): Site => ({
  key: r.key,
  name: r.name,
  origins: JSON.parse(r.origins) as string[],
  // Parsed with the schema, so settings added since the row was written get their defaults.
  settings: siteSettings.parse(JSON.parse(r.settings)),
});

export interface TouchpointRow {
  id: string;
  name: string;
  kind: string;
  stage?: string | null;
  tags: string;
}
export const toTouchpoint = (r: TouchpointRow): Touchpoint => ({
  id: r.id,
  name: r.name,
  kind: r.kind as Touchpoint['kind'],
  ...(r.stage ? { stage: r.stage } : {}),
  tags: JSON.parse(r.tags) as string[],
});

export const toSurvey = (r: { definition: string }): Survey => JSON.parse(r.definition) as Survey;

export interface ResponseRow {
  id: string;
  site: string;
  survey: string;
  touchpoint: string;
  answers: string;
  partial: number;
  locale: string | null;
  created_at: string;
  received_at: string;
  updated_at: string;
  channel: string;
  url: string | null;
  referrer: string | null;
  trigger: string | null;
  kiosk: string | null;
  vars: string;
  respondent_id: string | null;
  respondent_email: string | null;
  device: string | null;
  os: string | null;
  browser: string | null;
  flagged: number;
  flag_reason: string | null;
}
export const toResponse = (r: ResponseRow): StoredResponse => ({
  id: r.id,
  site: r.site,
  survey: r.survey,
  touchpoint: r.touchpoint,
  answers: JSON.parse(r.answers) as StoredResponse['answers'],
  partial: r.partial === 1,
  locale: r.locale,
  createdAt: r.created_at,
  receivedAt: r.received_at,
  updatedAt: r.updated_at,
  channel: r.channel as Channel,
  url: r.url,
  referrer: r.referrer,
  trigger: r.trigger,
  kiosk: r.kiosk,
  vars: JSON.parse(r.vars) as StoredResponse['vars'],
  respondentId: r.respondent_id,
  respondentEmail: r.respondent_email,
  device: r.device,
  os: r.os,
  browser: r.browser,
  flagged: r.flagged === 1,
  flagReason: r.flag_reason,
});

export interface ApiKeyRow {
  id: string;
  name: string;
  kind: string;
  hash: string;
  prefix: string;
  sites: string | null;
  created_at: string;
  last_used_at: string | null;
}
export const toApiKey = (r: ApiKeyRow): ApiKeyRecord => ({
  id: r.id,
  name: r.name,
  kind: r.kind as ApiKeyKind,
  hash: r.hash,
  prefix: r.prefix,
  sites: r.sites === null ? null : (JSON.parse(r.sites) as string[]),
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
});

export interface KioskRow {
  site: string;
  kiosk: string;
  name: string | null;
  touchpoint: string | null;
  last_seen_at: string;
  queued: number;
  online: number;
  version: string | null;
}
export const toKiosk = (r: KioskRow): KioskStatus => ({
  site: r.site,
  kiosk: r.kiosk,
  name: r.name,
  touchpoint: r.touchpoint,
  lastSeenAt: r.last_seen_at,
  queued: r.queued,
  online: r.online === 1,
  version: r.version,
});
