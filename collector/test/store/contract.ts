import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { site, survey, touchpoint } from '@touchpoint/shared';
import type { ResponseRecord, Store } from '../../src/store/store.js';
import { closedLoopContract } from './closed-loop-contract.js';
import { improvementContract } from './improvement-contract.js';
import { receiptContract } from './receipt-contract.js';
import { scoreContract } from './score-contract.js';
import { aRecord } from '../helpers/records.js';

/**
 * The behaviour every Store must have. Each implementation runs it with a factory that opens a
 * fresh, empty store (see sqlite.test.ts); PostgreSQL will run the same suite.
 */
export function storeContract(name: string, open: () => Promise<{ store: Store; dispose(): Promise<void> }>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ store, dispose } = await open());
      await store.createSite(site.parse({ key: 's', name: 'S', origins: ['https://s.example'] }));
      await store.createTouchpoint('s', touchpoint.parse({ id: 'tp', name: 'TP', kind: 'store' }));
      await store.createSurvey(
        's',
        survey.parse({ id: 'q', name: 'Q', questions: [{ id: 'nps', type: 'nps', text: { en: 'NPS' } }] }),
      );
    });
    afterEach(async () => {
      await store.close();
      await dispose();
    });

    const record = (over: Partial<ResponseRecord> = {}): ResponseRecord =>
      aRecord({
        answers: { nps: 8 },
        locale: 'en',
        receivedAt: '2026-11-01T10:00:01.000Z',
        channel: 'kiosk',
        kiosk: 'k1',
        vars: { segment: 'gold' },
        device: 'tablet',
        os: 'Android',
        browser: 'Chrome',
        ...over,
      });

    it('refuses to create a site, touchpoint or survey twice', async () => {
      expect(await store.createSite(site.parse({ key: 's', name: 'Again' }))).toBe(false);
      expect(await store.createTouchpoint('s', touchpoint.parse({ id: 'tp', name: 'x', kind: 'web' }))).toBe(false);
      expect((await store.getSite('s'))?.name).toBe('S');
    });

    it('keeps a touchpoint’s journey stage, and forgets it when set to null', async () => {
      await store.createTouchpoint('s', touchpoint.parse({ id: 'help', name: 'Help', kind: 'web', stage: 'get-help' }));
      expect(await store.getTouchpoint('s', 'help')).toEqual({
        id: 'help',
        name: 'Help',
        kind: 'web',
        tags: [],
        stage: 'get-help',
      });
      await store.updateTouchpoint('s', { id: 'help', name: 'Help', kind: 'web', tags: [], stage: 'use' });
      expect((await store.listTouchpoints('s')).find((t) => t.id === 'help')?.stage).toBe('use');
      await store.updateTouchpoint('s', { id: 'help', name: 'Help', kind: 'web', tags: [], stage: null });
      expect(await store.getTouchpoint('s', 'help')).toEqual({ id: 'help', name: 'Help', kind: 'web', tags: [] });
    });

    it('round-trips a response with every field', async () => {
      const r = record({ respondentId: 'c1', respondentEmail: 'a@example.com', url: 'https://s.example/x' });
      expect(await store.saveResponses([r])).toEqual([{ id: r.id, status: 'created' }]);
      expect(await store.getResponse('s', r.id)).toEqual({
        ...r,
        updatedAt: r.receivedAt,
        flagged: false,
        flagReason: null,
      });
    });

    it('recognises a repeat, merges a completion and keeps a complete response final', async () => {
      const r = record({ partial: true, answers: { nps: 3 } });
      await store.saveResponses([r]);
      expect(await store.saveResponses([r])).toEqual([{ id: r.id, status: 'duplicate' }]);
      const done = { ...r, partial: false, answers: {}, receivedAt: '2026-11-01T10:05:00.000Z' };
      expect(await store.saveResponses([done])).toEqual([{ id: r.id, status: 'updated' }]);
      expect(await store.saveResponses([{ ...r, answers: { nps: 10 } }])).toEqual([{ id: r.id, status: 'duplicate' }]);
      expect(await store.getResponse('s', r.id)).toMatchObject({
        answers: { nps: 3 },
        partial: false,
        updatedAt: done.receivedAt,
      });
    });

    it('reports a conflict when an id is taken by another survey', async () => {
      await store.createSurvey(
        's',
        survey.parse({ id: 'other', name: 'O', questions: [{ id: 'nps', type: 'nps', text: { en: 'N' } }] }),
      );
      const r = record();
      await store.saveResponses([r]);
      expect(await store.saveResponses([{ ...r, survey: 'other' }])).toEqual([{ id: r.id, status: 'conflict' }]);
    });

    it('commits concurrent writers together and answers each its own results', async () => {
      const batches = Array.from({ length: 20 }, () => [record(), record()]);
      const results = await Promise.all(batches.map((b) => store.saveResponses(b)));
      results.forEach((res, i) => expect(res.map((x) => x.id)).toEqual(batches[i]?.map((r) => r.id)));
      expect(await store.countResponses('s')).toBe(40);
    });

    it('lists with filters and a cursor, and exports everything', async () => {
      const rows = Array.from({ length: 7 }, (_, i) =>
        record({ createdAt: `2026-11-0${i + 1}T00:00:00.000Z`, partial: i === 3 }),
      );
      await store.saveResponses(rows);
      const first = await store.listResponses('s', {}, { limit: 5 });
      expect(first.items.map((r) => r.createdAt.slice(0, 10))).toEqual([
        '2026-11-07',
        '2026-11-06',
        '2026-11-05',
        '2026-11-04',
        '2026-11-03',
      ]);
      const second = await store.listResponses('s', {}, { limit: 5, cursor: first.nextCursor as string });
      expect(second.items).toHaveLength(2);
      expect(second.nextCursor).toBeNull();
      expect(
        (await store.listResponses('s', { from: '2026-11-03', before: '2026-11-05', partial: false }, { limit: 10 }))
          .items,
      ).toHaveLength(1);
      const exported: string[] = [];
      for await (const r of store.exportResponses('s', {})) exported.push(r.id);
      expect(exported.sort()).toEqual(rows.map((r) => r.id).sort());
    });

    it("deletes a respondent's responses only", async () => {
      await store.saveResponses([
        record({ respondentEmail: 'x@example.com' }),
        record({ respondentId: 'x@example.com' }),
        record(),
      ]);
      expect((await store.deleteRespondent('s', 'x@example.com')).responses).toBe(2);
      expect(await store.countResponses('s')).toBe(1);
    });

    it('stores events once and keeps the newest heartbeat per kiosk', async () => {
      const e = {
        id: randomUUID(),
        site: 's',
        type: 'impression' as const,
        survey: 'q',
        touchpoint: 'tp',
        channel: 'web' as const,
        trigger: null,
        createdAt: '2026-11-01T00:00:00.000Z',
        receivedAt: '2026-11-01T00:00:00.000Z',
      };
      expect(await store.saveEvents([e, e])).toEqual([
        { id: e.id, status: 'created' },
        { id: e.id, status: 'duplicate' },
      ]);
      const beat = (createdAt: string, queued: number) => ({
        id: randomUUID(),
        site: 's',
        type: 'heartbeat' as const,
        kiosk: 'k1',
        touchpoint: 'tp',
        queued,
        online: true,
        version: null,
        createdAt,
        receivedAt: createdAt,
      });
      await store.saveEvents([beat('2026-11-02T00:00:00.000Z', 1), beat('2026-11-01T00:00:00.000Z', 9)]);
      expect(await store.listKiosks('s')).toEqual([expect.objectContaining({ kiosk: 'k1', queued: 1 })]);
    });

    it('finds API keys by hash only', async () => {
      const key = await store.createApiKey({ name: 'n', kind: 'read', hash: 'h1', prefix: 'tp_read_abc' });
      expect(await store.findApiKey('h1')).toMatchObject({ id: key.id, kind: 'read' });
      expect(await store.findApiKey('tp_read_abc')).toBeNull();
      expect(JSON.stringify(await store.listApiKeys())).not.toContain('h1');
    });

    it('keeps the sites a key is limited to, and null for a key that reaches every site', async () => {
      await store.createApiKey({ name: 'agency', kind: 'admin', hash: 'h2', prefix: 'abc', sites: ['s'] });
      await store.createApiKey({ name: 'all', kind: 'admin', hash: 'h3', prefix: 'def' });
      expect((await store.findApiKey('h2'))?.sites).toEqual(['s']);
      const listed = (await store.listApiKeys()).sort((a, b) => a.name.localeCompare(b.name));
      expect(listed.map((k) => [k.name, k.sites])).toEqual([
        ['agency', ['s']],
        ['all', null],
      ]);
    });

    it('deletes a site with its responses', async () => {
      await store.saveResponses([record()]);
      expect(await store.deleteSite('s')).toBe(true);
      expect(await store.countResponses('s')).toBe(0);
      expect(await store.listSurveys('s')).toEqual([]);
    });

    scoreContract(() => store);
    closedLoopContract(() => store, record);
    receiptContract(() => store, record);
    improvementContract(() => store, record);

    it('refuses writes after close', async () => {
      await store.close();
      await expect(store.saveResponses([record()])).rejects.toThrow();
      await dispose();
      ({ store, dispose } = await open());
    });
  });
}
