import { describe, expect, it } from 'vitest';
import { duration, MAX_DURATION_MS } from '../../../src/modes/duration';

describe('response duration', () => {
  it('is the whole milliseconds from the survey appearing to the last answer', () => {
    expect(duration(1000, 4200.6)).toBe(3201);
  });

  it('stays within what the wire contract accepts (0 to one day)', () => {
    expect(duration(5000, 4000)).toBe(0);
    expect(duration(0, 3 * MAX_DURATION_MS)).toBe(MAX_DURATION_MS);
  });
});
