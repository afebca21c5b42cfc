import { expect, it } from 'vitest';
import type { ReceiptScan } from '../../src/store/receipt-store.js';
import type { ResponseRecord, Store } from '../../src/store/store.js';

/** A receipt issued at 09:00 on 1 November, valid for a week; the contract's responses arrive at 10:00. */
const ISSUED = '2026-11-01T09:00:00.000Z';
const VALID_UNTIL = '2026-11-08T09:00:00.000Z';

/**
 * The receipt part of the Store contract (store.receipts), run inside storeContract on its site 's'
 * (touchpoint 'tp', survey 'q' with an NPS question 'nps'); `kioskRecord` builds a complete NPS 8 kiosk
 * response received at 2026-11-01T10:00:01Z.
 */
export function receiptContract(
  store: () => Store,
  kioskRecord: (over?: Partial<ResponseRecord>) => ResponseRecord,
): void {
  // From phones (the link page), not a kiosk: several kiosk answers within seconds would be flagged as a burst.
  const record = (over: Partial<ResponseRecord> = {}) => kioskRecord({ channel: 'qr', kiosk: null, ...over });
  const scan = (responseId: string, over: Partial<ReceiptScan> = {}): ReceiptScan => ({
    site: 's',
    responseId,
    touchpoint: 'tp',
    till: 'till-3',
    txn: `T-${responseId.slice(0, 8)}`,
    issuedAt: ISSUED,
    validUntil: VALID_UNTIL,
    at: '2026-11-01T09:59:00.000Z',
    ...over,
  });

  it('makes a site’s receipt settings once, with one id salt even when asked concurrently', async () => {
    const r = store().receipts;
    const all = await Promise.all(Array.from({ length: 8 }, () => r.settings('s')));
    expect(new Set(all.map((x) => x.idSalt)).size).toBe(1);
    expect(all[0]).toMatchObject({ validityDays: 7, publicScore: false });
    expect((all[0]?.idSalt ?? '').length).toBeGreaterThanOrEqual(32);
  });

  it('changes only the settings named, and never the salt', async () => {
    const r = store().receipts;
    const before = await r.settings('s');
    expect(await r.updateSettings('s', { validityDays: 14 })).toEqual({ ...before, validityDays: 14 });
    expect(await r.updateSettings('s', { publicScore: true })).toEqual({
      ...before,
      validityDays: 14,
      publicScore: true,
    });
    expect(await r.settings('s')).toEqual({ idSalt: before.idSalt, validityDays: 14, publicScore: true });
  });

  it('adds a receipt secret once per key id, lists it in creation order and removes it', async () => {
    const r = store().receipts;
    expect(await r.addKey('s', 'k1', 'secret-1', '2026-11-01T08:00:00.000Z')).toBe(true);
    expect(await r.addKey('s', 'k2', 'secret-2', '2026-11-02T08:00:00.000Z')).toBe(true);
    expect(await r.addKey('s', 'k1', 'other', '2026-11-03T08:00:00.000Z')).toBe(false);
    expect(await r.secrets('s')).toEqual([
      { kid: 'k1', secret: 'secret-1' },
      { kid: 'k2', secret: 'secret-2' },
    ]);
    expect(await r.listKeys('s')).toEqual([
      { kid: 'k1', createdAt: '2026-11-01T08:00:00.000Z' },
      { kid: 'k2', createdAt: '2026-11-02T08:00:00.000Z' },
    ]);
    expect(await r.removeKey('s', 'k1')).toBe(true);
    expect(await r.removeKey('s', 'k1')).toBe(false);
    expect((await r.secrets('s')).map((k) => k.kid)).toEqual(['k2']);
  });

  it('keeps one scan per receipt transaction, with its first time, when scanned many times at once', async () => {
    const r = store().receipts;
    const id = 'b6a0f3c2-1111-4222-8333-444455556666';
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => r.recordScan(scan(id, { at: `2026-11-01T09:5${i}:00.000Z` }))),
    );
    const found = await r.scanOf('s', id);
    expect(found).toMatchObject({ site: 's', responseId: id, touchpoint: 'tp', till: 'till-3', issuedAt: ISSUED });
    expect(found?.validUntil).toBe(VALID_UNTIL);
    expect(await r.scanOf('s', 'no-such-response')).toBeNull();
    expect(await r.scanOf('other', id)).toBeNull();
  });

  it('stores one response for a receipt transaction answered from two phones at once', async () => {
    const s = store();
    const first = record({ partial: true, answers: { nps: 3 } });
    const second = { ...first, partial: false, answers: { nps: 9 }, receivedAt: '2026-11-01T10:00:02.000Z' };
    await s.receipts.recordScan(scan(first.id));
    await Promise.all([s.saveResponses([first]), s.saveResponses([second])]);
    expect(await s.countResponses('s')).toBe(1);
    expect((await s.getResponse('s', first.id))?.partial).toBe(false);
  });

  it('counts refused tokens per day and reason, summed over a range', async () => {
    const r = store().receipts;
    await Promise.all([
      r.countFailure('s', '2026-11-01', 'expired'),
      r.countFailure('s', '2026-11-01', 'expired'),
      r.countFailure('s', '2026-11-02', 'expired'),
      r.countFailure('s', '2026-11-02', 'bad-signature'),
      r.countFailure('s', '2026-11-05', 'malformed'),
      r.countFailure('', '2026-11-01', 'malformed'),
    ]);
    expect(await r.failures('s', '2026-11-01', '2026-11-02')).toEqual({ expired: 3, 'bad-signature': 1 });
    expect(await r.failures('', '2026-11-01', '2026-11-30')).toEqual({ malformed: 1 });
  });

  it('counts verified complete answers against receipts issued, which a repeat report sets rather than adds', async () => {
    const s = store();
    await s.receipts.setIssued('s', 'tp', '2026-11-01', 10);
    await s.receipts.setIssued('s', 'tp', '2026-11-01', 40);
    await s.receipts.setIssued('s', 'tp', '2026-11-02', 10);
    const inTime = record();
    const partial = record({ partial: true });
    const late = record();
    await s.saveResponses([inTime, partial, late]);
    await s.receipts.recordScan(scan(inTime.id));
    await s.receipts.recordScan(scan(partial.id));
    await s.receipts.recordScan(scan(late.id, { validUntil: '2026-11-01T09:30:00.000Z' }));
    expect(await s.receipts.rates('s', '2026-11-01', '2026-11-02')).toEqual([
      { touchpoint: 'tp', issued: 50, verified: 1 },
    ]);
    expect(await s.receipts.rates('s', '2026-11-03', '2026-11-04')).toEqual([]);
  });

  it('lists receipt responses by issue day with their transaction, and marks those within the window verified', async () => {
    const s = store();
    const inTime = record({ answers: { nps: 10 } });
    const late = record({ answers: { nps: 1 } });
    const plain = record();
    await s.saveResponses([inTime, late, plain]);
    await s.receipts.recordScan(scan(inTime.id, { issuedAt: '2026-11-01T09:10:00.000Z' }));
    await s.receipts.recordScan(scan(late.id, { validUntil: '2026-11-01T09:30:00.000Z', till: undefined }));
    const listed = await s.receipts.receiptResponses('s', { from: '2026-11-01', to: '2026-11-01', limit: 10 });
    expect(listed.map((r) => [r.id, r.verified, r.till, r.partial, r.flagged])).toEqual([
      [inTime.id, true, 'till-3', false, false],
      [late.id, false, null, false, false],
    ]);
    expect(listed[0]).toMatchObject({ survey: 'q', touchpoint: 'tp', txn: `T-${inTime.id.slice(0, 8)}` });
    expect(listed[0]?.answers).toEqual({ nps: 10 });
    expect(await s.receipts.receiptResponses('s', { from: '2026-11-01', to: '2026-11-01', limit: 1 })).toHaveLength(1);
    expect(
      await s.receipts.receiptResponses('s', { from: '2026-11-01', to: '2026-11-01', touchpoint: 'x', limit: 10 }),
    ).toEqual([]);
    expect(await s.receipts.verifiedAmong('s', [inTime.id, late.id, plain.id])).toEqual(new Set([inTime.id]));
    expect(await s.receipts.verifiedAmong('s', [])).toEqual(new Set());
  });

  it('filters scores and the response list to verified answers when asked', async () => {
    const s = store();
    const verified = record({ answers: { nps: 10 } });
    const others = [record({ answers: { nps: 0 } }), record({ answers: { nps: 1 } })];
    await s.saveResponses([verified, ...others]);
    await s.receipts.recordScan(scan(verified.id));
    await s.receipts.recordScan(scan(others[0]?.id ?? '', { validUntil: '2026-11-01T09:30:00.000Z' }));
    const window = { from: '2026-11-01', to: '2026-11-01', qtype: 'nps' as const, groupBy: 'none' as const };
    expect(await s.scoreHistograms('s', { ...window, verified: 'receipt' })).toEqual([
      { key: 'all', value: 10, count: 1 },
    ]);
    const all = await s.scoreHistograms('s', window);
    expect(all.reduce((n, r) => n + r.count, 0)).toBe(3);
    const page = await s.listResponses('s', { verified: 'receipt' }, { limit: 10 });
    expect(page.items.map((r) => r.id)).toEqual([verified.id]);
  });

  it('forgets a respondent’s receipt scans and notices with their responses', async () => {
    const s = store();
    const theirs = record({ respondentId: 'person-1' });
    const kept = record();
    await s.saveResponses([theirs, kept]);
    await s.receipts.recordScan(scan(theirs.id));
    await s.receipts.recordScan(scan(kept.id));
    await s.improvements.create('s', {
      id: 'imp-1',
      touchpoint: null,
      title: 'Faster checkout',
      body: '',
      day: '2026-11-20',
      theme: null,
      caseIds: [],
      createdAt: '2026-11-20T08:00:00.000Z',
    });
    const mail = { to: 'p@example.com', subject: 'You said, we did', text: 'Two more tills' };
    const at = '2026-11-20T08:00:00.000Z';
    const since = '2026-10-21T08:00:00.000Z';
    expect(
      await s.improvements.notify({ site: 's', improvementId: 'imp-1', responseId: theirs.id, mail, at, since }),
    ).toBe('queued');
    await s.deleteRespondent('s', 'person-1');
    expect(await s.receipts.scanOf('s', theirs.id)).toBeNull();
    expect(await s.receipts.scanOf('s', kept.id)).not.toBeNull();
    expect(await s.improvements.noticeCounts('s')).toEqual(new Map());
  });

  it('deletes the receipt scans of responses retention deletes, and strips transaction and till when it anonymises', async () => {
    const s = store();
    const old = record();
    await s.saveResponses([old]);
    await s.receipts.recordScan(scan(old.id));
    expect(await s.applyRetention('s', '2026-11-02T00:00:00.000Z', 'anonymise')).toBe(1);
    expect(await s.receipts.scanOf('s', old.id)).toMatchObject({ txn: '', till: undefined, issuedAt: ISSUED });
    expect(await s.receipts.verifiedAmong('s', [old.id])).toEqual(new Set([old.id]));
    expect(await s.applyRetention('s', '2026-11-02T00:00:00.000Z', 'delete')).toBe(1);
    expect(await s.receipts.scanOf('s', old.id)).toBeNull();
  });

  it('deletes the receipt rows with the site', async () => {
    const s = store();
    const r = record();
    await s.saveResponses([r]);
    await s.receipts.recordScan(scan(r.id));
    await s.receipts.countFailure('s', '2026-11-01', 'expired');
    expect(await s.deleteSite('s')).toBe(true);
    expect(await s.receipts.scanOf('s', r.id)).toBeNull();
    expect(await s.receipts.failures('s', '2026-11-01', '2026-11-01')).toEqual({});
  });
}
