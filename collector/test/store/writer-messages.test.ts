import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../src/store/store.js';
import { decodeResults, decodeWrites, encodeResults, encodeWrites } from '../../src/store/sqlite/writer-messages.js';
import type { Write } from '../../src/store/sqlite/writer.js';
import { aRecord } from '../helpers/records.js';

describe('messages between the main thread and the writer thread', () => {
  it('carries every field of a response, its nested answers and variables included', () => {
    const response = aRecord({
      answers: { nps: 9, topic: 'price', tags: ['a', 'b'], why: 'naïve "quotes" \\ and\nnewlines ✓' },
      partial: true,
      locale: 'fr',
      channel: 'kiosk',
      url: 'https://shop.example/checkout?x=1',
      referrer: 'https://search.example/',
      trigger: 'exit-intent:desktop',
      kiosk: 'k-12',
      durationMs: 4200,
      vars: { cart: 3, gold: true, segment: 'loyal' },
      respondentId: 'r-1',
      respondentEmail: 'a@b.example',
      device: 'mobile',
      os: 'iOS',
      browser: 'Mobile Safari',
      clientBurst: true,
    });
    const [[write]] = decodeWrites(encodeWrites([[{ response }]])) as [[Write]];
    expect(write).toEqual({ response });
  });

  it('reads a response without a duration as one with a null duration, and without a burst mark as none', () => {
    const response = aRecord();
    delete response.durationMs;
    expect(decodeWrites(encodeWrites([[{ response }]]))).toEqual([
      [{ response: { ...response, durationMs: null, clientBurst: false } }],
    ]);
  });

  it("keeps each caller's writes apart and in order, events beside responses", () => {
    const impression: EventRecord = {
      id: 'e1',
      site: 's',
      type: 'impression',
      survey: 'q',
      touchpoint: 'tp',
      channel: 'web',
      trigger: null,
      createdAt: '2026-11-01T10:00:00.000Z',
      receivedAt: '2026-11-01T10:00:00.000Z',
    };
    const heartbeat: EventRecord = {
      id: 'e2',
      site: 's',
      type: 'heartbeat',
      kiosk: 'k-1',
      touchpoint: null,
      queued: 2,
      online: false,
      version: null,
      createdAt: '2026-11-01T10:00:00.000Z',
      receivedAt: '2026-11-01T10:00:00.000Z',
    };
    const response = () => aRecord({ durationMs: null, clientBurst: false });
    const groups: Write[][] = [
      [{ response: response() }, { response: response() }],
      [{ event: impression }, { event: heartbeat }],
      [],
      [{ response: response() }],
    ];
    expect(decodeWrites(encodeWrites(groups))).toEqual(groups);
  });

  it("returns each caller's outcomes, and an error as an Error with its message", () => {
    const results = decodeResults(
      encodeResults([[{ id: 'a', status: 'created' }], new Error('UNIQUE constraint failed'), []]),
    );
    expect(results[0]).toEqual([{ id: 'a', status: 'created' }]);
    expect(results[1]).toBeInstanceOf(Error);
    expect((results[1] as Error).message).toBe('UNIQUE constraint failed');
    expect(results[2]).toEqual([]);
  });
});
