import { describe, expect, it } from 'vitest';
import { seconds, settings } from '../../../src/modes/settings';

/** A script tag as the loader hands it over. */
const tag = (data: Record<string, string>, nonce = '') =>
  ({ dataset: data, src: 'https://collector.example/widget.js', nonce }) as unknown as HTMLScriptElement;

describe('kiosk and page settings', () => {
  it('reads a duration from the attribute first, then the page address, then the default', () => {
    expect(seconds('2', '9', 6)).toBe(2000);
    expect(seconds(undefined, '0.5', 6)).toBe(500);
    expect(seconds(undefined, null, 6)).toBe(6000);
  });

  it('falls back to the default for a zero, negative or garbled duration', () => {
    for (const bad of ['0', '-3', 'soon', '', 'Infinity']) expect(seconds(bad, null, 45)).toBe(45_000);
  });

  it('takes site, touchpoint, survey, locale and nonce from the tag, and the kiosk timings from the address', () => {
    const o = settings(
      tag({ site: 'demo', touchpoint: 'store-12', survey: 'kiosk', locale: 'de', idleSeconds: '30' }, 'n0nce'),
      '?reset=4&idle=99',
    );
    expect(o).toMatchObject({
      site: 'demo',
      collector: 'https://collector.example/widget.js',
      touchpoint: 'store-12',
      survey: 'kiosk',
      locale: 'de',
      nonce: 'n0nce',
      debug: false,
      resetMs: 4000,
      idleMs: 30_000,
      heartbeatMs: 60_000,
    });
  });

  it("takes the collector's address from a mode's chunk run directly by the page or kiosk, as from the loader", () => {
    for (const [src, collector] of [
      ['https://collector.example/widget/page-7-bn_Io1l.js', 'https://collector.example/widget.js'],
      ['https://collector.example/widget/kiosk-7-bn_Io1l.js', 'https://collector.example/widget.js'],
      ['https://example.com/touchpoint/widget/page-Ab12Cd34.js', 'https://example.com/touchpoint/widget.js'],
      ['https://collector.example/widget.js', 'https://collector.example/widget.js'],
    ]) {
      const t = { dataset: { site: 'demo' }, src, nonce: '' } as unknown as HTMLScriptElement;
      expect(settings(t, '').collector).toBe(collector);
    }
  });
});
