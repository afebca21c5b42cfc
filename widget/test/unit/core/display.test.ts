import type { Display } from '@touchpoint/shared';
import { describe, expect, it } from 'vitest';
import { blockedBy, type SurveyMemory } from '../../../src/core/display';

const DAY = 864e5;
const HOUR = 36e5;
const NOW = Date.UTC(2026, 10, 22, 10);
const display: Display = { sampling: 100, recontactDays: 30, frequency: 'until-answered', position: 'bottom-right' };
const fresh: SurveyMemory = { r: 0.5 };

/** blockedBy with defaults: no survey shown anywhere, no cooldown, not shown on this page. */
const blocked = (d: Partial<Display>, m: SurveyMemory, lastAny?: number, cooldownHours = 0, shownThisPage = false) =>
  blockedBy({ ...display, ...d }, m, lastAny, cooldownHours, NOW, shownThisPage);

describe('display rules', () => {
  it('lets a survey show to a fresh visitor', () => {
    expect(blocked({}, fresh)).toBe(false);
  });

  it('never shows at 0% sampling', () => {
    expect(blocked({ sampling: 0 }, { r: 0 })).toBe(true);
  });

  it('shows to the visitors whose roll falls inside the sample', () => {
    expect(blocked({ sampling: 30 }, { r: 0.29 })).toBe(false);
    expect(blocked({ sampling: 30 }, { r: 0.3 })).toBe(true);
  });

  it('does not show without a sampling roll', () => {
    expect(blocked({}, {})).toBe(true);
  });

  it('shows at most one survey per page view', () => {
    expect(blocked({}, fresh, undefined, 0, true)).toBe(true);
  });

  it('waits out the site-wide cooldown after any survey', () => {
    expect(blocked({}, fresh, NOW - 23 * HOUR, 24)).toBe(true);
    expect(blocked({}, fresh, NOW - 25 * HOUR, 24)).toBe(false);
  });

  it('waits the recontact days after the survey was shown', () => {
    expect(blocked({}, { ...fresh, s: NOW - 29 * DAY })).toBe(true);
    expect(blocked({}, { ...fresh, s: NOW - 31 * DAY })).toBe(false);
  });

  it('remembers a dismissal for the recontact wait', () => {
    expect(blocked({ frequency: 'always' }, { ...fresh, s: NOW - 40 * DAY, d: NOW - DAY })).toBe(true);
  });

  it('shows a "once" survey only once ever', () => {
    expect(blocked({ frequency: 'once', recontactDays: 0 }, { ...fresh, s: NOW - 400 * DAY })).toBe(true);
  });

  it('stops showing an "until-answered" survey once answered', () => {
    expect(blocked({ recontactDays: 0 }, { ...fresh, s: NOW - DAY, a: NOW - DAY })).toBe(true);
    expect(blocked({ recontactDays: 0 }, { ...fresh, s: NOW - DAY })).toBe(false);
  });

  it('shows an "always" survey again after answering, once the recontact wait is over', () => {
    expect(blocked({ frequency: 'always', recontactDays: 1 }, { ...fresh, s: NOW - 2 * DAY, a: NOW - 2 * DAY })).toBe(
      false,
    );
  });
});
