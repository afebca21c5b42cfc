import { randomUUID } from 'node:crypto';
import type { ResponseRecord } from '../../src/store/store.js';

/**
 * A response as the store takes it, for store-level tests: site `s`, survey `q`, touchpoint `tp`, a fresh
 * id, no answers, complete, channel web, every optional field empty. Override what the test is about.
 */
export function aRecord(over: Partial<ResponseRecord> = {}): ResponseRecord {
  return {
    id: randomUUID(),
    site: 's',
    survey: 'q',
    touchpoint: 'tp',
    answers: {},
    partial: false,
    locale: null,
    createdAt: '2026-11-01T10:00:00.000Z',
    receivedAt: '2026-11-01T10:00:00.000Z',
    channel: 'web',
    url: null,
    referrer: null,
    trigger: null,
    kiosk: null,
    vars: {},
    respondentId: null,
    respondentEmail: null,
    device: null,
    os: null,
    browser: null,
    ...over,
  };
}
