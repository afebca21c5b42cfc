import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importResponses, type ImportOptions } from '../../src/import/importer.js';
import { importRows, type ImportFormat } from '../../src/import/rows.js';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { seedCatalog } from '../helpers/fixtures.js';

/** Three historic phone answers: a promoter, a passive and a detractor with a comment and a variable. */
const GOOD_CSV = [
  'call_id,createdAt,touchpoint,score,comment,var.agent,var.bill',
  'c-1,2025-03-04T10:00:00Z,store-12,10,,ana,120.5',
  'c-2,2025-03-05T11:30:00+01:00,store-12,8,,ben,0',
  'c-3,2025-03-06T09:15:00Z,store-12,3,"Waited 20 minutes,\nthen ""hold on""",ana,01234',
  '',
].join('\r\n');

const MAPPED: ImportOptions = { site: 'shop', survey: 'nps', map: { score: 'nps', comment: 'why', call_id: '' } };

describe('importResponses', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
  });
  afterEach(async () => c.close());

  const run = (text: string, opts: ImportOptions = MAPPED, format: ImportFormat = 'csv') =>
    importResponses(c.app, opts, importRows(format, Readable.from([text])));
  const get = async (url: string) => {
    const res = await c.app.inject({ method: 'GET', url, headers: admin() });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const oldestFirst = (items: { createdAt: string }[]) => items.sort((a, b) => a.createdAt.localeCompare(b.createdAt));

  it('stores past phone answers with their own createdAt, mapped columns and typed variables', async () => {
    expect(await run(GOOD_CSV)).toEqual({ rows: 3, created: 3, duplicate: 0, failed: 0, problems: [] });
    const rows = oldestFirst((await get('/v1/admin/sites/shop/responses?limit=10')).items);
    expect(rows.map((r) => r.createdAt)).toEqual([
      '2025-03-04T10:00:00.000Z',
      '2025-03-05T10:30:00.000Z',
      '2025-03-06T09:15:00.000Z',
    ]);
    expect(rows[2]).toMatchObject({
      channel: 'phone',
      touchpoint: 'store-12',
      answers: { nps: 3, why: 'Waited 20 minutes,\nthen "hold on"' },
      vars: { agent: 'ana', bill: '01234' },
    });
    expect(rows[0]).toMatchObject({ vars: { agent: 'ana', bill: 120.5 } });
  });

  it('goes through the normal save path: the rollups score the answers and a detractor opens a case', async () => {
    await run(GOOD_CSV);
    const scores = await get('/v1/admin/sites/shop/scores?metric=nps&by=channel&from=2025-03-01&to=2025-03-31');
    expect(scores.overall).toMatchObject({ n: 3, promoters: 1, passives: 1, detractors: 1 });
    expect(scores.rows.map((r: { key: string }) => r.key)).toEqual(['phone']);
    const cases = await get('/v1/admin/sites/shop/cases');
    expect(cases.items ?? cases).toHaveLength(1);
  });

  it('stores nothing twice when the same rows are imported again', async () => {
    await run(GOOD_CSV);
    expect(await run(GOOD_CSV)).toMatchObject({ rows: 3, created: 0, duplicate: 3, failed: 0 });
    expect((await get('/v1/admin/sites/shop/responses?limit=10')).items).toHaveLength(3);
  });

  it('keys rows without an id column by their content, so identical rows count once each and a re-run adds none', async () => {
    const csv = 'createdAt,nps\n2025-03-04T10:00:00Z,9\n2025-03-04T10:00:00Z,9\n2025-03-04T10:00:00Z,7\n';
    const opts = { site: 'shop', survey: 'nps' };
    expect(await run(csv, opts)).toMatchObject({ created: 3, duplicate: 0 });
    expect(await run(csv, opts)).toMatchObject({ created: 0, duplicate: 3 });
  });

  it('names the row and column of each bad row, and stores the good rows', async () => {
    const csv = [
      'createdAt,touchpoint,score,mood',
      '2025-03-04T10:00:00Z,store-12,9,',
      '2025-03-04T11:00:00Z,store-12,11,',
      'yesterday,store-12,5,',
      '2025-03-04T12:00:00Z,store-99,5,',
      '2025-03-04T13:00:00Z,store-12,5,happy',
      '2025-03-04T14:00:00Z,store-12,5,,extra',
    ].join('\n');
    const summary = await run(csv, { site: 'shop', survey: 'nps', map: { score: 'nps' } });
    expect(summary).toMatchObject({ rows: 6, created: 1, failed: 5 });
    expect(summary.problems).toEqual([
      { row: 3, field: 'score', message: 'NPS answers are whole numbers from 0 to 10' },
      { row: 4, field: 'createdAt', message: expect.stringMatching(/ISO|datetime/i) },
      { row: 5, field: 'touchpoint', message: 'site "shop" has no touchpoint "store-99"' },
      { row: 6, field: 'mood', message: expect.stringContaining('survey "nps" has no question "mood"') },
      { row: 7, field: 'row', message: 'has 5 cells, the header names 4' },
    ]);
  });

  it('refuses a createdAt in the future beyond the clock skew allowance, and one before 2000', async () => {
    const soon = new Date(Date.now() + 60_000).toISOString();
    const future = new Date(Date.now() + 24 * 3600_000).toISOString();
    const csv = `createdAt,nps\n${soon},9\n${future},9\n1999-12-31T23:00:00Z,9\n`;
    const summary = await run(csv, { site: 'shop', survey: 'nps' });
    expect(summary).toMatchObject({ created: 1, failed: 2 });
    expect(summary.problems.map((p) => [p.row, p.field, p.message.slice(0, 20)])).toEqual([
      [3, 'createdAt', 'is in the future (th'],
      [4, 'createdAt', 'is before 2000-01-01'],
    ]);
  });

  it('reads NDJSON in the wire format (answers, context.vars, respondent) and names a line that is not JSON', async () => {
    const line = (n: number) =>
      JSON.stringify({
        id: `call-${n}`,
        createdAt: '2025-03-02T08:00:00Z',
        answers: { nps: n },
        context: { channel: 'qr', vars: { region: 'north' } },
        respondent: { email: `p${n}@example.com` },
      });
    const summary = await run(`${line(9)}\n{oops\n${line(6)}\n`, { site: 'shop', survey: 'nps' }, 'ndjson');
    expect(summary).toMatchObject({ rows: 3, created: 2, failed: 1 });
    expect(summary.problems[0]).toMatchObject({ row: 2, field: 'row' });
    const items = (await get('/v1/admin/sites/shop/responses')).items;
    expect(
      items.map((r: { channel: string; respondentEmail: string }) => [r.channel, r.respondentEmail]).sort(),
    ).toEqual([
      ['qr', 'p6@example.com'],
      ['qr', 'p9@example.com'],
    ]);
  });

  it('refuses a survey the site does not have, and a mapping to a question the survey does not have', async () => {
    await expect(run(GOOD_CSV, { site: 'shop', survey: 'nope' })).rejects.toMatchObject({
      code: 'TP_ERR_UNKNOWN_SURVEY',
    });
    await expect(run(GOOD_CSV, { ...MAPPED, map: { score: 'loyalty' } })).rejects.toMatchObject({
      code: 'TP_ERR_VALIDATION',
      message: 'map.score: survey "nps" has no question "loyalty"',
    });
  });
});
