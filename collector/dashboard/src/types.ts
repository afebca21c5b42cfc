/** Types of the admin API's replies, inferred from the wire contract's schemas (types only: no zod in the bundle). */
import type {
  caseSummaryRow,
  channelEffectsReply,
  importanceReply,
  journeyReply,
  multivariableDriversReply,
  driversReply,
  followUpCase,
  impactReply,
  leaderboardReply,
  quintilesReply,
  responsePage,
  responseRatesReply,
  scoresReply,
  segmentsReply,
  trendReply,
} from '@touchpoint/shared';
import type { z } from 'zod';

export type Scores = z.infer<typeof scoresReply>;
export type Leaderboard = z.infer<typeof leaderboardReply>;
export type LeaderboardRow = Leaderboard['rows'][number];
export type Quintiles = z.infer<typeof quintilesReply>;
export type Segments = z.infer<typeof segmentsReply>;
export type Drivers = z.infer<typeof driversReply>;
export type Impact = z.infer<typeof impactReply>;
export type Trend = z.infer<typeof trendReply>;
export type Rates = z.infer<typeof responseRatesReply>;
export type ResponsePage = z.infer<typeof responsePage>;
export type FollowUpCase = z.infer<typeof followUpCase>;
export type CaseSummaryRow = z.infer<typeof caseSummaryRow>;

/** `GET /v1/admin/sites/:site/kiosks`. */
export interface KioskStatus {
  kiosk: string;
  name: string | null;
  touchpoint: string | null;
  lastSeenAt: string;
  queued: number;
  online: boolean;
  version: string | null;
}

export type ChannelEffects = z.infer<typeof channelEffectsReply>;
export type MultivariableDrivers = z.infer<typeof multivariableDriversReply>;
export type Importance = z.infer<typeof importanceReply>;
export type ImportanceRow = Importance['rows'][number];
export type Journey = z.infer<typeof journeyReply>;
export type JourneyTouchpoint = Journey['unstaged'][number];
