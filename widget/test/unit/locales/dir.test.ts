import { describe, expect, it } from 'vitest';
import { dirOf } from '../../../src/locales/dir';

describe('dirOf', () => {
  it('writes Arabic and Hebrew right to left, with or without a region', () => {
    expect(dirOf('ar')).toBe('rtl');
    expect(dirOf('he-IL')).toBe('rtl');
    expect(dirOf('AR-eg')).toBe('rtl');
  });

  it('writes other languages left to right', () => {
    expect(dirOf('en')).toBe('ltr');
    expect(dirOf('pt-BR')).toBe('ltr');
  });
});
