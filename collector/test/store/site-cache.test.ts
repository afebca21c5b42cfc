import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { site, survey, touchpoint } from '@touchpoint/shared';
import { SITE_CACHE_TTL_MS, SiteCache } from '../../src/store/site-cache.js';
import { SqliteSiteSource } from '../../src/store/sqlite/site-source.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { aRecord } from '../helpers/records.js';

/** Survey `q` whose question `c` is free text, or, as `contactType` says, a contact question. */
const surveyQ = (contactType: 'text' | 'contact' = 'text') =>
  survey.parse({ id: 'q', name: 'Q', questions: [{ id: 'c', type: contactType, text: { en: 'C' } }] });

const opened: SqliteStore[] = [];
const dirs: string[] = [];

async function aStore(writer: 'thread' | 'inline'): Promise<SqliteStore> {
  const dir = mkdtempSync(join(tmpdir(), 'touchpoint-site-cache-'));
  dirs.push(dir);
  const store = new SqliteStore({ file: join(dir, 'test.db'), writer, commitWindowMs: 0 });
  opened.push(store);
  await store.createSite(site.parse({ key: 's', name: 'S', origins: ['https://s.example'] }));
  await store.createTouchpoint('s', touchpoint.parse({ id: 'tp', name: 'Till', kind: 'store' }));
  await store.createSurvey('s', surveyQ());
  return store;
}

/** Saves a response answering `c` with an address and returns the contact key stored with it. */
async function savedContactKey(store: SqliteStore): Promise<string | null> {
  const r = aRecord({ answers: { c: 'Ann@Example.com' } });
  await store.saveResponses([r]);
  return store.db.prepare('SELECT contact_key FROM responses WHERE id = ?').pluck().get(r.id) as string | null;
}

afterEach(async () => {
  vi.useRealTimers();
  for (const s of opened.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('site cache', () => {
  for (const writer of ['thread', 'inline'] as const) {
    it(`lets the next save see an endpoint added through the store, with no route involved (${writer} writer)`, async () => {
      const store = await aStore(writer);
      await store.saveResponses([aRecord()]); // the write path has cached the site now
      await store.closedLoop.createWebhook(
        's',
        { url: 'https://hooks.example/x', events: ['response.created'], active: true },
        'k',
      );
      const r = aRecord();
      await store.saveResponses([r]);
      const deliveries = await store.closedLoop.listDeliveries('s', { limit: 10 });
      expect(deliveries.map((d) => d.event)).toEqual(['response.created']);
    });

    it(`lets the next save see a survey changed through the store: its question types too (${writer} writer)`, async () => {
      const store = await aStore(writer);
      expect(await savedContactKey(store)).toBeNull();
      await store.updateSurvey('s', surveyQ('contact'));
      expect(await savedContactKey(store)).toBe('ann@example.com');
    });

    it(`takes an invalidation from outside, as another collector's notice, to the write path (${writer} writer)`, async () => {
      const store = await aStore(writer);
      expect(await savedContactKey(store)).toBeNull();
      // another collector changed the survey in the shared database and said so
      store.db
        .prepare('UPDATE surveys SET definition = ? WHERE site = ? AND id = ?')
        .run(JSON.stringify(surveyQ('contact')), 's', 'q');
      store.sites.invalidate('s');
      expect(await savedContactKey(store)).toBe('ann@example.com');
    });

    it(`counts the next save under a question's new type, earlier answers under the old one (${writer} writer)`, async () => {
      const store = await aStore(writer);
      const scaled = (type: 'csat' | 'ces') =>
        survey.parse({ id: 'r', name: 'R', questions: [{ id: 'x', type, text: { en: 'X' } }] });
      await store.createSurvey('s', scaled('csat'));
      const before = new Date().toISOString();
      await store.saveResponses([aRecord({ survey: 'r', answers: { x: 4 }, receivedAt: before })]);
      await store.updateSurvey('s', scaled('ces'));
      // received after the change (its span starts at the update's clock time)
      const later = new Date(Date.now() + 1000).toISOString();
      await store.saveResponses([aRecord({ survey: 'r', answers: { x: 4 }, receivedAt: later })]);
      // stored after the change but received before it (an import): counted as the type it was given under
      await store.saveResponses([aRecord({ survey: 'r', answers: { x: 4 }, receivedAt: before })]);
      const rows = store.db
        .prepare("SELECT qtype, value, count FROM score_rollups WHERE survey = 'r' ORDER BY qtype")
        .all();
      expect(rows).toEqual([
        { qtype: 'ces', value: 4, count: 1 },
        { qtype: 'csat', value: 4, count: 2 },
      ]);
    });
  }

  it('drops a touchpoint deleted through the store from the cached site at once', async () => {
    const store = await aStore('inline');
    expect((await store.sites.get('s'))?.touchpoints.has('tp')).toBe(true);
    await store.deleteTouchpoint('s', 'tp');
    expect((await store.sites.get('s'))?.touchpoints.has('tp')).toBe(false);
  });

  it('no longer serves a survey archived through the store (deleted with answers)', async () => {
    const store = await aStore('inline');
    await store.saveResponses([aRecord({ answers: { c: 'hi' } })]);
    expect((await store.sites.get('s'))?.surveys.has('q')).toBe(true);
    expect(await store.deleteSurvey('s', 'q')).toBe(true);
    expect((await store.sites.get('s'))?.surveys.has('q')).toBe(false);
  });

  it('allows the origins of a site created through the store at once', async () => {
    const store = await aStore('inline');
    expect(await store.sites.allOrigins()).toEqual(new Set(['https://s.example']));
    await store.createSite(site.parse({ key: 't', name: 'T', origins: ['https://t.example'] }));
    expect(await store.sites.allOrigins()).toEqual(new Set(['https://s.example', 'https://t.example']));
  });

  it('sees an edit made behind its back (another collector) once the TTL has passed, question types included', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const store = await aStore('inline');
    expect(await savedContactKey(store)).toBeNull();
    store.db
      .prepare('UPDATE surveys SET definition = ? WHERE site = ? AND id = ?')
      .run(JSON.stringify(surveyQ('contact')), 's', 'q');
    store.db.prepare("UPDATE sites SET name = 'Renamed' WHERE key = 's'").run();
    vi.setSystemTime(Date.now() + SITE_CACHE_TTL_MS - 1);
    expect(await savedContactKey(store)).toBeNull();
    expect((await store.sites.get('s'))?.site.name).toBe('S');
    vi.setSystemTime(Date.now() + 2);
    expect(await savedContactKey(store)).toBe('ann@example.com');
    expect((await store.sites.get('s'))?.site.name).toBe('Renamed');
  });

  it('forgets an unknown site rather than cache it, so made-up keys cost no memory', async () => {
    const store = await aStore('inline');
    expect(await store.sites.get('nope')).toBeNull();
    await store.createSite(site.parse({ key: 'nope', name: 'Now there' }));
    expect((await store.sites.get('nope'))?.site.name).toBe('Now there');
  });
});

describe('site cache loads', () => {
  /** The SQLite store's own source behind an asynchronous boundary (as PostgreSQL's is), counting its loads. */
  async function countedCache() {
    const store = await aStore('inline');
    const real = new SqliteSiteSource(store.db);
    let loads = 0;
    let release: () => void = () => undefined;
    let gate = Promise.resolve();
    const source = {
      loadSite: async (key: string) => {
        loads++;
        await gate;
        return real.loadSite(key);
      },
      loadOrigins: () => real.loadOrigins(),
    };
    const hold = () => (gate = new Promise<void>((resolve) => (release = resolve)));
    return { cache: new SiteCache(source), loads: () => loads, hold, release: () => release(), store };
  }

  it('reads a site once for the misses that arrive while it is being read', async () => {
    const { cache, loads, hold, release } = await countedCache();
    hold();
    const misses = Array.from({ length: 50 }, () => cache.get('s'));
    release();
    const sites = await Promise.all(misses);
    expect(loads()).toBe(1);
    expect(new Set(sites).size).toBe(1);
    expect(sites[0]?.site.name).toBe('S');
  });

  it('reads it again for a miss after an invalidation, not joining a read that may predate the edit', async () => {
    const { cache, loads, hold, release, store } = await countedCache();
    hold();
    const before = cache.get('s');
    store.db.prepare("UPDATE sites SET name = 'Renamed' WHERE key = 's'").run();
    cache.invalidate('s');
    const after = cache.get('s');
    release();
    expect((await after)?.site.name).toBe('Renamed');
    await before;
    expect(loads()).toBe(2);
    // The read that started before the edit was not kept: the next lookup is the renamed site, from the cache.
    expect((await cache.get('s'))?.site.name).toBe('Renamed');
    expect(loads()).toBe(2);
  });
});
