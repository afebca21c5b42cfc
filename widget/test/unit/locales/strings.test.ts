import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Strings } from '../../../src/locales/strings';

/** Every locale module under src/locales (all but the type and the direction helper). */
const files = readdirSync(new URL('../../../src/locales/', import.meta.url)).filter((f) => /^[a-z]{2}\.ts$/.test(f));
const locales = await Promise.all(
  files.map(async (f) => {
    const m = await import(`../../../src/locales/${f}`);
    // the words every UI chunk has, and those the popup's parts bring
    return [f.slice(0, 2), { ...m.default, ...m.more } as Strings] as const;
  }),
);
const en = locales.find(([l]) => l == 'en')![1];

describe('the widget’s locales', () => {
  it('translate every string, the disabled button’s reason included', () => {
    expect(locales.length).toBeGreaterThanOrEqual(9);
    for (const [locale, t] of locales) {
      expect(Object.keys(t).sort(), locale).toEqual(Object.keys(en).sort());
      expect(t.need.trim(), locale).not.toBe('');
      if (locale != 'en') expect(t.need, locale).not.toBe(en.need);
    }
  });
});
