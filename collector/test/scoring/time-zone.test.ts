import { describe, expect, it } from 'vitest';
import { isTimeZone, localDay, localDayStart } from '../../src/scoring/time-zone.js';

const HOUR = 3_600_000;

describe('site time zones', () => {
  it('puts 23:30 UTC on the previous local day in New York and the next in Berlin', () => {
    const instant = '2026-03-10T23:30:00.000Z';
    expect(localDay(instant, 'UTC')).toBe('2026-03-10');
    expect(localDay(instant, 'America/New_York')).toBe('2026-03-10'); // 19:30 EDT
    expect(localDay(instant, 'Europe/Berlin')).toBe('2026-03-11'); // 00:30 CET
    expect(localDay('2026-03-11T03:30:00.000Z', 'America/New_York')).toBe('2026-03-10'); // 23:30 EDT
  });

  it('starts a local day at local midnight, in UTC', () => {
    expect(new Date(localDayStart('2026-01-15', 'Europe/Berlin')).toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(new Date(localDayStart('2026-07-15', 'Europe/Berlin')).toISOString()).toBe('2026-07-14T22:00:00.000Z');
    expect(new Date(localDayStart('2026-07-15', 'America/New_York')).toISOString()).toBe('2026-07-15T04:00:00.000Z');
    expect(new Date(localDayStart('2026-07-15', 'Asia/Kolkata')).toISOString()).toBe('2026-07-14T18:30:00.000Z');
    expect(new Date(localDayStart('2026-07-15', 'UTC')).toISOString()).toBe('2026-07-15T00:00:00.000Z');
  });

  it('gives DST change days 23 and 25 hours', () => {
    // Europe: clocks go forward on 29 March 2026 and back on 25 October 2026.
    const length = (day: string, next: string, tz: string) => (localDayStart(next, tz) - localDayStart(day, tz)) / HOUR;
    expect(length('2026-03-29', '2026-03-30', 'Europe/Berlin')).toBe(23);
    expect(length('2026-10-25', '2026-10-26', 'Europe/Berlin')).toBe(25);
    expect(length('2026-03-08', '2026-03-09', 'America/New_York')).toBe(23);
    expect(length('2026-11-01', '2026-11-02', 'America/New_York')).toBe(25);
    expect(length('2026-06-01', '2026-06-02', 'America/New_York')).toBe(24);
  });

  it('starts a day whose midnight DST skips at the first instant that exists', () => {
    // Chile (America/Santiago) moved clocks from 24:00 to 01:00 on 6 September 2026: there is no 00:00.
    const start = localDayStart('2026-09-06', 'America/Santiago');
    expect(localDay(start, 'America/Santiago')).toBe('2026-09-06');
    expect(localDay(start - 1, 'America/Santiago')).toBe('2026-09-05');
  });

  it('gives the same day from its cache as the time zone data, minute by minute around transitions, in any order', () => {
    const cases: [string, string][] = [
      ['Europe/Berlin', '2026-10-25T00:00:00.000Z'], // back an hour
      ['America/Santiago', '2026-09-06T02:00:00.000Z'], // forward over midnight
      ['Australia/Lord_Howe', '2026-04-04T13:00:00.000Z'], // back half an hour
      ['Asia/Kathmandu', '2026-04-04T17:00:00.000Z'], // +05:45
    ];
    const MINUTE = 60_000;
    for (const [tz, from] of cases) {
      const direct = new Intl.DateTimeFormat('en-CA', {
        timeZone: tz,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
      const start = Date.parse(from);
      // Every minute plus a second, over 12 hours, visited backwards (so each span is first cached from its end).
      for (let m = 12 * 60; m >= 0; m--) {
        const ms = start + m * MINUTE + 1000;
        expect(localDay(ms, tz), `${tz} ${new Date(ms).toISOString()}`).toBe(direct.format(ms));
      }
    }
  });

  it('reads a stored UTC timestamp as its UTC day, and any other ISO text by its instant', () => {
    expect(localDay('2026-11-01T23:59:59.999Z', 'UTC')).toBe('2026-11-01');
    expect(localDay('2026-11-01T23:30:00-02:00', 'UTC')).toBe('2026-11-02');
    expect(() => localDay('yesterday', 'UTC')).toThrow(RangeError);
  });

  it('knows IANA names and rejects anything else', () => {
    for (const tz of ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata']) expect(isTimeZone(tz)).toBe(true);
    for (const tz of ['', 'Mars/Olympus', 'Europe/Berlín', 'x'.repeat(65)]) expect(isTimeZone(tz)).toBe(false);
  });
});
