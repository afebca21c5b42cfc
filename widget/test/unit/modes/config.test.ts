import type { ConfigSurvey, SiteConfig } from '@touchpoint/shared';
import { describe, expect, it } from 'vitest';
import { configUrl, pickSurvey } from '../../../src/modes/config';
import { settings } from '../../../src/modes/settings';

const o = (data: Record<string, string>) =>
  settings({ dataset: data, src: 'https://c.example/widget.js', nonce: '' } as unknown as HTMLScriptElement, '');
const survey = (id: string, touchpoint?: string) => ({ id, touchpoint }) as ConfigSurvey;
const config = { site: 'demo', settings: { cooldownHours: 0 }, surveys: [survey('web'), survey('kiosk', 'store-12')] };

describe('kiosk and page config', () => {
  it('asks for the tag locale, else the two-letter page language', () => {
    expect(configUrl(o({ site: 'demo', locale: 'pt-BR' }), 'en')).toBe(
      'https://c.example/v1/sites/demo/config?locale=pt-BR',
    );
    expect(configUrl(o({ site: 'demo' }), 'zh-Hans-CN')).toBe('https://c.example/v1/sites/demo/config?locale=zh');
  });

  it('shows the survey the page names, else the one made for its touchpoint', () => {
    expect(pickSurvey(config as SiteConfig, o({ site: 'demo', survey: 'web' }))?.id).toBe('web');
    expect(pickSurvey(config as SiteConfig, o({ site: 'demo', touchpoint: 'store-12' }))?.id).toBe('kiosk');
    expect(pickSurvey(config as SiteConfig, o({ site: 'demo', survey: 'gone' }))).toBeUndefined();
  });
});
