import { describe, expect, it } from 'vitest';
import { siteUpdate } from '../src/site.js';
import { surveyUpdate } from '../src/survey.js';
import { ruleUpdate, webhookUpdate } from '../src/closed-loop.js';
import { touchpointUpdate } from '../src/touchpoint.js';

describe('update schemas', () => {
  it('parse a PATCH of only a name to only that name, with no defaults filled in', () => {
    for (const update of [siteUpdate, touchpointUpdate, surveyUpdate, ruleUpdate]) {
      expect(update.parse({ name: 'New name' })).toEqual({ name: 'New name' });
    }
    expect(webhookUpdate.parse({ events: ['case.opened'] })).toEqual({ events: ['case.opened'] });
  });

  it('parse part of a merged setting without filling in the others', () => {
    expect(siteUpdate.parse({ settings: { cooldownHours: 2 } })).toEqual({ settings: { cooldownHours: 2 } });
    expect(surveyUpdate.parse({ display: { sampling: 5 } })).toEqual({ display: { sampling: 5 } });
  });
});
