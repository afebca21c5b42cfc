import type { ScoreMetricName } from '@touchpoint/shared';

const DAY_MS = 86_400_000;

/** A UTC calendar day, `YYYY-MM-DD`, as the score endpoints take it. */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
/** Today (UTC). */
export const today = (): string => isoDay(new Date());
/** `day` moved by `days`. */
export const addDays = (day: string, days: number): string => isoDay(new Date(Date.parse(day) + days * DAY_MS));

/** Names of the channels as people say them; an unknown key shows as it is. */
const CHANNEL_LABEL: Record<string, string> = { web: 'Website', kiosk: 'Kiosk', qr: 'QR code', phone: 'Phone' };
export const channelLabel = (key: string): string => CHANNEL_LABEL[key] ?? key;
/** The channels, in the order filters list them. */
export const CHANNELS = Object.keys(CHANNEL_LABEL);

/** Labels of the metrics. */
export const METRIC_LABEL: Record<ScoreMetricName, string> = {
  nps: 'NPS',
  csat: 'CSAT',
  ces: 'CES',
  smiley: 'Smiley index',
  thumbs: 'Thumbs up',
};

/** A score as the metric reads: NPS signed, CES with one decimal (1–7), the rest as percentages. */
export function fmtScore(metric: ScoreMetricName, v: number | null | undefined): string {
  if (v === null || v === undefined) return '–';
  if (metric === 'ces') return v.toFixed(1);
  if (metric === 'nps') return `${v > 0 ? '+' : ''}${Math.round(v)}`;
  return `${Math.round(v)}%`;
}

/** A 95% interval, `[low, high]`. */
export const fmtInterval = (metric: ScoreMetricName, low: number | null, high: number | null): string =>
  low === null || high === null ? '–' : `${fmtScore(metric, low)} to ${fmtScore(metric, high)}`;

/** A signed change, or a dash. */
export const fmtChange = (v: number | null): string =>
  v === null
    ? '–'
    : `${v > 0 ? '▲ +' : v < 0 ? '▼ −' : '±'}${Math.abs(v) < 10 ? Math.abs(v).toFixed(1) : Math.round(Math.abs(v))}`;

/** A count with thousands separators. */
export const fmtInt = (v: number): string => v.toLocaleString('en');

/** A rate (0..1) as a percentage. */
export const fmtRate = (v: number | null | undefined): string =>
  v === null || v === undefined ? '–' : `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`;

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', DAY_MS],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];
const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "3 minutes ago". */
export function relativeTime(iso: string, now = Date.now()): string {
  const diff = Date.parse(iso) - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === 'second') return rtf.format(Math.round(diff / ms), unit);
  }
  return iso;
}

/** A timestamp in the analyst's locale and time zone. */
export const fmtDateTime = (iso: string): string =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
