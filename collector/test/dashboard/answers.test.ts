import { SCALES, type Question, type Survey } from '@touchpoint/shared';
import { describe, expect, it } from 'vitest';
import { readAnswers, scaleLabel } from '../../dashboard/src/answers.js';

describe('scaleLabel', () => {
  it('names each smiley face by its own score: 1 is the saddest, 4 the happiest', () => {
    const faces = [1, 2, 3, 4].map((v) => scaleLabel('smiley', v));
    expect(faces).toEqual(['very unhappy', 'unhappy', 'happy', 'very happy']);
  });

  it('gives every value of every scale a label of its own, and never a bare out-of-scale index', () => {
    for (const [type, { min, max }] of Object.entries(SCALES) as [
      keyof typeof SCALES,
      { min: number; max: number },
    ][]) {
      const labels = Array.from({ length: max - min + 1 }, (_, i) => scaleLabel(type, min + i));
      expect(new Set(labels).size, type).toBe(labels.length);
      if (type !== 'smiley') labels.forEach((l, i) => expect(l.startsWith(`${min + i} of ${max}`), l).toBe(true));
    }
  });

  it('labels the ends of CSAT and CES in words', () => {
    expect(scaleLabel('csat', 1)).toBe('1 of 5 (very dissatisfied)');
    expect(scaleLabel('csat', 5)).toBe('5 of 5 (very satisfied)');
    expect(scaleLabel('ces', 7)).toBe('7 of 7 (very easy)');
  });

  it('reads thumbs as up and down, without emoji that kiosk fonts lack', () => {
    expect([scaleLabel('thumbs', 1), scaleLabel('thumbs', 0)]).toEqual(['thumbs up', 'thumbs down']);
  });
});

describe('readAnswers', () => {
  it('shows the happiest smiley answer as "very happy", not as "4"', () => {
    const survey = {
      id: 's',
      questions: [{ id: 'face', type: 'smiley', text: { en: 'How was it?' }, required: true }] as unknown as Question[],
    } as unknown as Survey;
    expect(readAnswers(survey, { face: 4 })[0]?.value).toBe('very happy');
    expect(readAnswers(survey, { face: 1 })[0]?.value).toBe('very unhappy');
  });
});
