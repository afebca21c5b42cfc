import { describe, expect, it } from 'vitest';
import en, { more } from '../../../src/locales/en';
import { stringsFor } from '../../../src/modes/strings';

describe('stringsFor', () => {
  it('gives the kiosk and the link page every popup locale, each with all strings', () => {
    for (const locale of ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'ar']) {
      const t = stringsFor(locale);
      expect(Object.keys(t).sort(), locale).toEqual([...Object.keys(en), ...Object.keys(more), 'skip'].sort());
      expect(t.faces, locale).toHaveLength(4);
      if (locale != 'en') expect(t.send, locale).not.toBe(en.send);
    }
  });

  it('takes a regional locale’s language and falls back to English', () => {
    expect(stringsFor('pt-BR').send).toBe('Enviar');
    expect(stringsFor('ar-EG').close).toBe('إغلاق');
    expect(stringsFor('zz').send).toBe('Send');
  });
});
