import type { Question } from '@touchpoint/shared';
import { describe, expect, it } from 'vitest';
import { nextQuestion, showIfMatches } from '../../../src/ui/show-if';

describe('follow-up conditions', () => {
  it('matches a score inside min and max', () => {
    expect(showIfMatches({ question: 'nps', max: 6 }, 3)).toBe(true);
    expect(showIfMatches({ question: 'nps', max: 6 }, 7)).toBe(false);
    expect(showIfMatches({ question: 'nps', min: 9 }, 9)).toBe(true);
    expect(showIfMatches({ question: 'nps', min: 7, max: 8 }, 9)).toBe(false);
  });

  it('matches a choice or any of several chosen ids', () => {
    expect(showIfMatches({ question: 'topic', anyOf: ['price'] }, 'price')).toBe(true);
    expect(showIfMatches({ question: 'topic', anyOf: ['price'] }, ['staff', 'price'])).toBe(true);
    expect(showIfMatches({ question: 'topic', anyOf: ['price'] }, 'staff')).toBe(false);
  });

  it('does not match an unanswered question or a text answer against a score range', () => {
    expect(showIfMatches({ question: 'nps', max: 6 }, undefined)).toBe(false);
    expect(showIfMatches({ question: 'nps', max: 6 }, 'three')).toBe(false);
  });
});

describe('question order', () => {
  const qs = [
    { id: 'nps', type: 'nps', text: { en: 'NPS' }, required: true },
    {
      id: 'why',
      type: 'text',
      text: { en: 'Why?' },
      required: false,
      maxLength: 5000,
      showIf: { question: 'nps', max: 6 },
    },
    { id: 'thumbs', type: 'thumbs', text: { en: 'Helpful?' }, required: false },
  ] as Question[];

  it('asks a detractor the follow-up', () => {
    expect(nextQuestion(qs, 0, { nps: 3 })).toBe(1);
  });

  it('skips the follow-up for a promoter', () => {
    expect(nextQuestion(qs, 0, { nps: 10 })).toBe(2);
  });

  it('says when no question is left', () => {
    expect(nextQuestion(qs, 2, { nps: 10 })).toBe(-1);
  });
});
