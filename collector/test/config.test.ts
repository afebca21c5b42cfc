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
      /Invalid configuration:\n {2}PORT: .+\n {2}TOUCHPOINT_ADMIN_KEY: must be at least 16 characters/,
    );
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ TOUCHPOINT_ADMIN_KEY: '', PORT: '' }).TOUCHPOINT_ADMIN_KEY).toBeUndefined();
  });
});
