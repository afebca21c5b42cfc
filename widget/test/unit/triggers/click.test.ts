import { describe, expect, it } from 'vitest';
import { clickMatches } from '../../../src/triggers/click';

describe('element click', () => {
  const el = (matches: string[]) =>
    Object.assign(Object.create(globalThis.Element?.prototype ?? Object.prototype), {
      closest: (s: string) => {
        if (s.startsWith('[')) throw new SyntaxError('bad selector');
        return matches.includes(s) ? {} : null;
      },
    });

  it('matches a click on or inside an element matching the selector', () => {
    globalThis.Element ??= class {} as never;
    expect(clickMatches(el(['.buy']), '.buy')).toBe(true);
    expect(clickMatches(el(['.buy']), '.other')).toBe(false);
  });

  it('treats an invalid selector or a non-element target as no match', () => {
    globalThis.Element ??= class {} as never;
    expect(clickMatches(el([]), '[')).toBe(false);
    expect(clickMatches(null, '.buy')).toBe(false);
  });
});
