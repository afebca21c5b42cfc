import { describe, expect, it } from 'vitest';
import {
  allocateReplies,
  dayStart,
  DEFAULT_DAILY_REPLY_CAP,
  firstName,
  normalAddress,
  replyIntervalStart,
} from '../../src/closed-loop/reply-limits.js';

describe('reply limits', () => {
  it('greets with the first word of a short name in any script', () => {
    expect(firstName('Ana')).toBe('Ana');
    expect(firstName('  Mary Ann ')).toBe('Mary');
    expect(firstName('Jean-Luc Picard')).toBe('Jean-Luc');
    expect(firstName("O'Brien")).toBe("O'Brien");
    expect(firstName('Zoë')).toBe('Zoë');
    expect(firstName('Ольга')).toBe('Ольга');
    expect(firstName('李娜')).toBe('李娜');
    expect(firstName('José')).toBe('José');
  });

  it('renders no name at all for a link, a paragraph, digits, markup or a long text', () => {
    expect(firstName('Ana, win a prize at https://evil.example')).toBe('');
    expect(firstName('Ana\nClick here')).toBe('');
    expect(firstName('Ana evil.example')).toBe('');
    expect(firstName('R2D2')).toBe('');
    expect(firstName('<b>Ana</b>')).toBe('');
    expect(firstName('Ana  Lopez')).toBe('');
    expect(firstName('-Ana')).toBe('');
    expect(firstName('a'.repeat(41))).toBe('');
    expect(firstName('')).toBe('');
    expect(firstName(42)).toBe('');
  });

  it('compares addresses without case or surrounding space', () => {
    expect(normalAddress(' Ana@Example.COM ')).toBe('ana@example.com');
  });

  it('looks back 30 days for an earlier reply and counts the cap from midnight UTC', () => {
    expect(replyIntervalStart('2026-03-31T12:00:00.000Z')).toBe('2026-03-01T12:00:00.000Z');
    expect(dayStart('2026-03-31T23:59:59.999Z')).toBe('2026-03-31T00:00:00.000Z');
  });

  it('sends e-mails in order until each site has used its daily cap, and holds the rest', () => {
    const due = ['a', 'b', 'a', 'a', 'b', 'c'].map((site, i) => ({ site, i }));
    const { send, overCap } = allocateReplies(
      due,
      new Map([['a', 1]]),
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
    );
    expect(send.map((d) => d.i)).toEqual([0, 1, 5]);
    expect(overCap.map((d) => d.i)).toEqual([2, 3, 4]);
  });

  it('uses the default cap for a site without one', () => {
    const due = Array.from({ length: DEFAULT_DAILY_REPLY_CAP + 1 }, () => ({ site: 'a' }));
    expect(allocateReplies(due, new Map(), new Map()).overCap).toHaveLength(1);
  });
});
