import { describe, expect, it } from 'vitest';
import { outcome } from '../../../src/core/transport';

describe('transport outcome', () => {
  it('takes any 2xx as stored', () => {
    expect(outcome(200)).toBe('done');
    expect(outcome(201)).toBe('done');
  });

  it('drops a permanently rejected send (4xx)', () => {
    expect(outcome(400)).toBe('drop');
    expect(outcome(403)).toBe('drop');
    expect(outcome(413)).toBe('drop');
  });

  it('retries rate limits and server errors with the same id', () => {
    expect(outcome(429)).toBe('retry');
    expect(outcome(500)).toBe('retry');
    expect(outcome(503)).toBe('retry');
  });
});
