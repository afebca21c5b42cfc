import { describe, expect, it } from 'vitest';
import { pageVars } from '../../../../src/modes/page/page';

/** A document holding `#touchpoint-vars` with this text (or none). */
const doc = (text?: string) =>
  ({ getElementById: () => (text == null ? null : { textContent: text }) }) as unknown as Document;

describe('link page hidden fields', () => {
  it('reads the JSON the collector put on the page', () => {
    expect(pageVars(doc('{"cartValue":120,"segment":"gold","member":true}'))).toEqual({
      cartValue: 120,
      segment: 'gold',
      member: true,
    });
  });

  it('yields no fields for a missing, broken or non-object script', () => {
    for (const text of [undefined, '', '{oops', '[1,2]', 'null', '"x"']) expect(pageVars(doc(text))).toEqual({});
  });
});
