import { describe, expect, it } from 'vitest';
import { pickTemplate, renderTemplate } from '../../src/closed-loop/template.js';

describe('reply templates', () => {
  const t = { en: 'Hello', de: 'Hallo', 'pt-BR': 'Olá' };

  it('picks the exact locale, then its language, then the fallback, then English', () => {
    expect(pickTemplate(t, 'pt-BR', 'en')).toBe('Olá');
    expect(pickTemplate(t, 'de-AT', 'en')).toBe('Hallo');
    expect(pickTemplate(t, 'fr', 'de')).toBe('Hallo');
    expect(pickTemplate(t, null, 'it')).toBe('Hello');
    expect(pickTemplate({ es: 'Hola' }, 'fr', 'it')).toBe('Hola');
  });

  it('fills variables, uses a fallback for an empty one and drops an unknown one', () => {
    expect(
      renderTemplate('Hi {{name|there}}, {{touchpoint}} got {{ score }}{{nope}}.', {
        name: '',
        touchpoint: 'Store 12',
        score: '9',
      }),
    ).toBe('Hi there, Store 12 got 9.');
  });

  it('shows a section only when its variable is set', () => {
    const text = 'Thanks!{{#referralLink}} Share: {{referralLink}}{{/referralLink}}';
    expect(renderTemplate(text, { referralLink: 'https://x.example/?ref=1' })).toBe(
      'Thanks! Share: https://x.example/?ref=1',
    );
    expect(renderTemplate(text, { referralLink: '' })).toBe('Thanks!');
  });

  it('renders a variable value as text, never as template syntax', () => {
    expect(renderTemplate('Hi {{name}}', { name: '{{touchpoint}}', touchpoint: 'X' })).toBe('Hi {{touchpoint}}');
  });
});
