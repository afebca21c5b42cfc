/** Score ranges of the scale question types, and how each is read. */
export const SCALES = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
  smiley: { min: 1, max: 4 },
} as const;

/** The scale question types, which carry a numeric score. */
export type ScaleType = keyof typeof SCALES;

/** NPS bands: promoters 9–10, passives 7–8, detractors 0–6. */
export type NpsBand = 'promoter' | 'passive' | 'detractor';

/** Which NPS band a 0–10 score falls in. */
export function npsBand(score: number): NpsBand {
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}
