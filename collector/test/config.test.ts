import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('fills in defaults', () => {
    expect(loadConfig({})).toMatchObject({
      PORT: 8787,
      HOST: '127.0.0.1',
      TOUCHPOINT_RATE_LIMIT: 600,
      TOUCHPOINT_COMMIT_WINDOW_MS: 1,
    });
  });

  it('fails fast naming every bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', TOUCHPOINT_ADMIN_KEY: 'short' })).toThrow(
      /Invalid configuration:\n {2}PORT: .+\n {2}TOUCHPOINT_ADMIN_KEY: must be at least 24 characters/,
    );
  });

  it('refuses a bootstrap admin key of 16 to 23 characters, which was enough before', () => {
    expect(() => loadConfig({ TOUCHPOINT_ADMIN_KEY: 'Xq7#Lm2$Vz9!Kp4&' })).toThrow(/at least 24 characters/);
  });

  it('refuses a long bootstrap admin key that looks like words, a repeat or a sequence', () => {
    for (const key of [
      'correcthorsebatterystaple',
      'touchpoint-admin-key-2024',
      'test-admin-key-0123456789',
      'passwordpasswordpassword',
      'abcdefghijklmnopqrstuvwxyz',
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      '123456789012345678901234567890',
    ]) {
      expect(() => loadConfig({ TOUCHPOINT_ADMIN_KEY: key }), key).toThrow(/TOUCHPOINT_ADMIN_KEY: .*bits/);
    }
  });

  it('takes a generated bootstrap admin key', () => {
    for (const key of ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822c', 'q3N0o9r8R2YtYk5m1vJq8w2E4xZc7uHs']) {
      expect(loadConfig({ TOUCHPOINT_ADMIN_KEY: key }).TOUCHPOINT_ADMIN_KEY).toBe(key);
    }
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ TOUCHPOINT_ADMIN_KEY: '', PORT: '' }).TOUCHPOINT_ADMIN_KEY).toBeUndefined();
  });
});
