import { AA_TEXT_CONTRAST, contrast } from '@touchpoint/shared';
import { describe, expect, it } from 'vitest';
import { NPS_INK, npsTintColour } from '../../src/ui/nps-tints';

/** `hsl(h s% l%)` → `#rrggbb` (CSS Color 4 §7.1), so the contrast check reads what the browser paints. */
function hex(hsl: string): string {
  const [h, s, l] = hsl.match(/[\d.]+/g)!.map(Number) as [number, number, number];
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    const a = (s / 100) * Math.min(l / 100, 1 - l / 100);
    const v = l / 100 - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(v * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

const tints = Array.from({ length: 11 }, (_, n) => hex(npsTintColour(n)));

describe('NPS tints', () => {
  it('converts hsl as browsers do', () => {
    expect(hex('hsl(0 100% 50%)')).toBe('#ff0000');
    expect(hex('hsl(120 100% 25%)')).toBe('#008000');
  });

  it('gives every score 0–10 a tint its ink reads on at WCAG AA', () => {
    for (const [n, tint] of tints.entries())
      expect(contrast(NPS_INK, tint), `score ${n}: ${tint}`).toBeGreaterThanOrEqual(AA_TEXT_CONTRAST);
  });

  it('runs from red (0) through amber to green (10)', () => {
    expect(tints[0]).toMatch(/^#f[0-9a-f]{5}$/);
    const rgb = tints.map((t) => [1, 3, 5].map((i) => parseInt(t.slice(i, i + 2), 16)) as [number, number, number]);
    expect(rgb[0]![0]).toBeGreaterThan(rgb[0]![1] + 80);
    expect(rgb[10]![1]).toBeGreaterThan(rgb[10]![0] + 80);
    for (let i = 1; i < rgb.length; i++) expect(rgb[i]![0] - rgb[i]![1]).toBeLessThan(rgb[i - 1]![0] - rgb[i - 1]![1]);
  });
});
