import { describe, expect, it } from 'vitest';
import { contrast, luminance, theme, themeProblems } from '../src/theme.js';

/** The demo shop's own colours (demo-site/public/shop.css: --brand green, --accent rust, --ink, --paper). */
const DEMO = { brand: '#a3461f', buttonText: '#ffffff', text: '#1d2a24', background: '#faf8f3' };

describe('contrast (WCAG 2.x relative luminance)', () => {
  it('gives black on white 21:1 and a colour on itself 1:1', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#fff', '#000')).toBeCloseTo(21, 5);
    expect(contrast('#a3461f', '#a3461f')).toBe(1);
  });

  it('puts #767676 on white just over AA and #777777 just under it', () => {
    expect(contrast('#767676', '#ffffff')).toBeGreaterThan(4.5);
    expect(contrast('#777777', '#ffffff')).toBeLessThan(4.5);
  });

  it('weighs green most, blue least', () => {
    expect(luminance([0, 255, 0])).toBeCloseTo(0.7152, 4);
    expect(luminance([0, 0, 255])).toBeCloseTo(0.0722, 4);
  });
});

describe('theme', () => {
  it('accepts the demo shop’s green and rust, and fills in the rest', () => {
    expect(themeProblems(DEMO)).toEqual([]);
    expect(theme.parse({ ...DEMO, logo: '/demo/store-12.svg' })).toMatchObject({
      radius: 12,
      font: 'inherit',
      placement: 'corner',
      poweredBy: true,
    });
  });

  it('refuses a deliberately bad theme, naming text and brand with their contrast', () => {
    const bad = { brand: '#ffd700', buttonText: '#ffffff', text: '#999999', background: '#ffffff' };
    const r = theme.safeParse(bad);
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues).toEqual([
      ['text', expect.stringMatching(/contrast 2\.85:1, under WCAG AA 4\.5:1/)],
      ['brand', expect.stringMatching(/button text #ffffff on brand #ffd700 has contrast 1\.\d\d:1/)],
    ]);
  });

  it('refuses one of text and background fixed while the other follows the page', () => {
    expect(themeProblems({ ...DEMO, background: 'auto' })).toEqual([
      { path: 'background', message: 'set both text and background, or neither (auto)' },
    ]);
  });

  it('accepts https logos and collector paths, and refuses http, protocol-relative and script URLs', () => {
    for (const logo of ['https://cdn.example.com/logo.svg', '/demo/store-12.svg'])
      expect(theme.safeParse({ logo }).success).toBe(true);
    for (const logo of [
      'http://example.com/logo.svg',
      '//evil.example/logo.svg',
      'javascript:alert(1)',
      'data:image/svg+xml,<svg>',
    ])
      expect(theme.safeParse({ logo }).error?.issues[0]?.path).toEqual(['logo']);
  });

  it('refuses a colour that is not hex and a font list that could break out of CSS', () => {
    expect(theme.safeParse({ brand: 'red' }).error?.issues[0]?.path).toEqual(['brand']);
    expect(theme.safeParse({ font: 'x;}body{display:none' }).error?.issues[0]?.path).toEqual(['font']);
  });
});
