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

  it('reads TOUCHPOINT_TRUST_PROXY as a hop count, a list of proxy addresses/CIDRs, or a boolean', () => {
    const trust = (v: string) => loadConfig({ TOUCHPOINT_TRUST_PROXY: v }).TOUCHPOINT_TRUST_PROXY;
    expect(loadConfig({}).TOUCHPOINT_TRUST_PROXY).toBe(false);
    expect(trust('1')).toBe(1);
    expect(trust('0')).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('true')).toBe(true);
    expect(trust('10.0.0.1, 192.168.0.0/16,fd00::/8, loopback')).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('refuses a TOUCHPOINT_TRUST_PROXY entry that is not an address, a CIDR or a hop count', () => {
    expect(() => loadConfig({ TOUCHPOINT_TRUST_PROXY: 'proxy.example, 10.0.0.0/33' })).toThrow(
      /TOUCHPOINT_TRUST_PROXY: must be a hop count or a comma-separated list of proxy addresses\/CIDRs \(bad: proxy\.example, 10\.0\.0\.0\/33\)/,
    );
  });
});
