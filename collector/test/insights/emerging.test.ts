import { describe, expect, it } from 'vitest';
import { emergingThemes, stem, termsOf, type EmergingComment } from '../../src/insights/emerging.js';

const en = (text: string, i: number): EmergingComment => ({ responseId: `r${i}`, text, language: 'en' });

describe('emerging themes', () => {
  it('folds plurals and verb forms together with the light stemmer', () => {
    expect(stem('parking', 'en')).toBe('park');
    expect(stem('parked', 'en')).toBe('park');
    expect(stem('spaces', 'en')).toBe('spac');
    expect(stem('space', 'en')).toBe('space');
    expect(stem('parkplätze', 'de')).toBe('parkplätz');
  });

  it('leaves out function words and sentiment words, keeps content words and their phrases', () => {
    const keys = termsOf('The parking was terrible and not cheap.', 'en').map((o) => o.surface);
    expect(keys).toEqual(['parking']);
    expect(termsOf('No car park spaces left', 'en').map((o) => o.surface)).toEqual([
      'car',
      'car park',
      'park',
      'park spaces',
      'spaces',
      'spaces left',
      'left',
    ]);
  });

  it('clusters terms that occur in the same unmatched comments and ranks by how many comments use them', () => {
    const unmatched = [
      'The car park was full again.',
      'No space in the car park.',
      'Car park full, had to drive around.',
      'Parking is a nightmare, the car park is tiny.',
      'The music was far too loud.',
      'Loud music all the time.',
      'Please turn the music down, too loud.',
      'Lovely afternoon.',
    ].map(en);
    const matched = ['The queue was long.', 'Friendly staff, the music was nice.'].map(en);
    const clusters = emergingThemes(unmatched, matched);
    // "loud" and "music" are in the same three comments; "music" is also in a matched one, so "loud" leads.
    expect(clusters.map((c) => c.label)).toEqual(['car park', 'loud']);
    const [park, music] = clusters;
    expect(park).toMatchObject({ count: 4, language: 'en' });
    expect(park!.terms).toEqual(expect.arrayContaining(['car park', 'car', 'park']));
    expect(park!.terms).not.toContain('music');
    expect(music!.terms).toEqual(expect.arrayContaining(['music', 'loud']));
    expect(music!.count).toBe(3);
    expect(park!.lift).toBeCloseTo(10 / 8);
  });

  it('gives examples with the spans of the cluster terms in the original text', () => {
    const texts = ['Car park full.', 'The CAR PARK is tiny!', 'car park closed'];
    const [cluster] = emergingThemes(texts.map(en), []);
    expect(cluster!.examples).toHaveLength(3);
    for (const e of cluster!.examples) {
      expect(e.spans.map((s) => e.text.slice(s.start, s.end).toLowerCase())).toContain('car park');
    }
  });

  it('needs a term in minCount comments: two mentions are not a theme by default', () => {
    expect(emergingThemes(['Car park full.', 'car park closed', 'Nice day.'].map(en), [])).toEqual([]);
    expect(emergingThemes(['Car park full.', 'car park closed'].map(en), [], { minCount: 2 })).toHaveLength(1);
  });

  it('finds German terms with German stopwords and sentiment words left out', () => {
    const texts = [
      'Die Parkplätze sind immer voll.',
      'Keine Parkplätze mehr frei, schlecht.',
      'Zu wenige Parkplätze vor dem Laden.',
    ].map((text, i) => ({ responseId: `d${i}`, text, language: 'de' }));
    const [cluster] = emergingThemes(texts, []);
    expect(cluster).toMatchObject({ label: 'parkplätze', language: 'de', count: 3 });
    expect(cluster!.terms).not.toContain('schlecht');
  });
});
