import { describe, expect, it } from 'vitest';
import { DONE, DROP, RETRY, outcome } from '../../../src/core/transport';

describe('transport outcome', () => {
  it('takes any 2xx as stored', () => {
    expect(outcome(200)).toBe(DONE);
    expect(outcome(201)).toBe(DONE);
  });

  it('drops a permanently rejected send (4xx)', () => {
    expect(outcome(400)).toBe(DROP);
    expect(outcome(403)).toBe(DROP);
    expect(outcome(413)).toBe(DROP);
  });

  it('retries rate limits and server errors with the same id', () => {
    expect(outcome(429)).toBe(RETRY);
    expect(outcome(500)).toBe(RETRY);
    expect(outcome(503)).toBe(RETRY);
  });
});
