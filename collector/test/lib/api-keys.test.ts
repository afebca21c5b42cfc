import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateKey, keyPrefix, keyStrengthBits, MIN_KEY_BITS } from '../../src/lib/api-keys.js';

describe('API keys', () => {
  it('shows at most 8 characters of a key, taken after its tp_<kind>_ marker', () => {
    const key = generateKey('admin');
    expect(keyPrefix(key)).toBe(key.slice('tp_admin_'.length, 'tp_admin_'.length + 8));
    expect(keyPrefix(generateKey('read'))).toHaveLength(8);
  });

  it('shows at most a quarter of a key without a marker', () => {
    expect(keyPrefix('q3N0o9r8R2YtYk5m1vJq8w2E')).toBe('q3N0o9');
  });

  it('rates every generated key, and random hex and base64 keys of 32 bytes, above the minimum', () => {
    for (let i = 0; i < 200; i++) {
      expect(keyStrengthBits(generateKey('admin'))).toBeGreaterThanOrEqual(MIN_KEY_BITS);
      expect(keyStrengthBits(randomBytes(32).toString('hex'))).toBeGreaterThanOrEqual(MIN_KEY_BITS);
      expect(keyStrengthBits(randomBytes(32).toString('base64'))).toBeGreaterThanOrEqual(MIN_KEY_BITS);
    }
  });

  it('rates a run of letters as one dictionary word, and repeats and sequences as nothing', () => {
    expect(keyStrengthBits('supercalifragilisticexpialidocious')).toBeLessThan(keyStrengthBits('x7Q'));
    expect(keyStrengthBits('0123456789')).toBe(keyStrengthBits('0'));
    expect(keyStrengthBits('zzzzzzzz')).toBe(keyStrengthBits('z'));
  });
});
