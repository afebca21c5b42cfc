import type { z } from 'zod';
import type { themesResponse } from '@touchpoint/shared';

type Themes = z.infer<typeof themesResponse>;

/** Themes listed per band in "what detractors / promoters talk about". */
const TOP_THEMES = 5;

/** A theme id from a cluster's label: "car park" → "car-park", never clashing with an existing id. */
export function themeId(label: string, taken: readonly string[]): string {
  const base =
    label
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'theme';
  let id = base;
  for (let i = 2; taken.includes(id); i++) id = `${base}-${i}`;
  return id;
}

/** The share of a band's comments that mention each theme, highest first. */
export function bandShares(data: Themes, band: 'detractor' | 'promoter') {
  const total = data.withTextByBand[band];
  return data.themes
    .map((t) => ({ theme: t.theme, label: t.label, count: band === 'detractor' ? t.detractors : t.promoters }))
    .filter((t) => t.count > 0)
    .map((t) => ({ ...t, share: total === 0 ? 0 : t.count / total }))
    .sort((a, b) => b.share - a.share)
    .slice(0, TOP_THEMES);
}
