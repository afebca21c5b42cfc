import { describe, expect, it } from 'vitest';
import { bandShares, themeId } from '../../dashboard/src/views/insight-figures.js';

describe('promoting an emerging theme', () => {
  it('makes a slug id from the label that clashes with no existing theme', () => {
    expect(themeId('car park', ['queue-checkout'])).toBe('car-park');
    expect(themeId('Parkplätze', [])).toBe('parkplatze');
    expect(themeId('car park', ['car-park', 'car-park-2'])).toBe('car-park-3');
    expect(themeId('!!!', [])).toBe('theme');
  });
});

describe('what detractors and promoters talk about', () => {
  const theme = (id: string, detractors: number, promoters: number) => ({
    theme: id,
    label: id,
    count: detractors + promoters,
    share: 0,
    sentiment: { positive: 0, neutral: 0, negative: 0 },
    npsImpact: null,
    npsImpactInterval: null,
    detractors,
    promoters,
    byTouchpoint: [],
  });
  const data = {
    from: '2026-01-01',
    to: '2026-01-31',
    responses: 100,
    withText: 60,
    withTextByBand: { detractor: 20, passive: 10, promoter: 30 },
    nps: 10,
    themes: [theme('queue', 10, 3), theme('staff', 2, 15), theme('price', 0, 6)],
  };

  it("ranks each band's themes by their share of that band's comments and leaves out unmentioned ones", () => {
    expect(bandShares(data, 'detractor')).toEqual([
      { theme: 'queue', label: 'queue', count: 10, share: 0.5 },
      { theme: 'staff', label: 'staff', count: 2, share: 0.1 },
    ]);
    expect(bandShares(data, 'promoter').map((t) => [t.theme, t.share])).toEqual([
      ['staff', 0.5],
      ['price', 0.2],
      ['queue', 0.1],
    ]);
  });
});
