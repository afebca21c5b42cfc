import { describe, expect, it } from 'vitest';
import { WIDGET_PART_LETTERS, widgetParts } from '../src/widget-parts.js';

const q = (type: string) => ({ type }) as never;

describe('the widget parts a survey needs', () => {
  it('names none for number scales and free text', () => {
    expect(widgetParts({ questions: [q('nps'), q('csat'), q('ces'), q('text')] })).toBe('');
  });

  it('names each part its question types need once, in the fixed order', () => {
    expect(widgetParts({ questions: [q('contact'), q('multi'), q('smiley'), q('single'), q('thumbs')] })).toBe('cfm');
    expect(widgetParts({ questions: [q('thumbs'), q('nps')] })).toBe('f');
  });

  it('adds the extras for a thank-you link, NPS tints or a centred card, and not for "Powered by" alone', () => {
    const questions = [q('nps')];
    expect(widgetParts({ questions, thankYouLink: { url: 'https://x.example' } })).toBe('x');
    expect(widgetParts({ questions, theme: { npsColours: true } as never })).toBe('x');
    expect(widgetParts({ questions, theme: { placement: 'centre' } as never })).toBe('x');
    expect(widgetParts({ questions, theme: { poweredBy: true, placement: 'corner' } as never })).toBe('');
    expect(widgetParts({ questions: [q('single')], thankYouLink: { url: '/y/shop/web' } })).toBe('cx');
  });

  it('lists every letter in the order chunk names use', () => {
    expect(WIDGET_PART_LETTERS).toBe('cfmx');
  });
});
