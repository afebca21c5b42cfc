import type { CaseStatus } from '@touchpoint/shared';
import type { Store } from '../store/store.js';
import { Dice, rng } from './random.js';

/** Milliseconds in an hour and a day. */
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** More cases than the demo ever opens: working them reads all of them at once. */
const ALL_CASES = 1_000_000;
/** Who works the demo inbox. */
const TEAM = ['Dana (CX)', 'Ole (Store 12)', 'Priya (CX)', 'Marek (Support)'];
/** What the team wrote on first contact, and on closing a case. */
const CONTACT_NOTES = [
  'Called, left a voicemail. Will try again tomorrow.',
  'Spoke with the customer: the parcel was late, offered free shipping on the next order.',
  'Sent an apology e-mail with a 10 % voucher.',
  'Customer asked for a call back after 5 pm.',
  'Reached them; the store manager will follow up about the fitting-room wait.',
];
const RESOLVE_NOTES = [
  'Refund issued, customer happy with the outcome.',
  'Exchanged the size in store; customer thanked us.',
  'Explained the return policy; nothing more to do.',
  'No answer after three tries, closing.',
  'Fixed the discount code that failed at checkout; customer ordered again.',
];

/**
 * Works the seeded inbox as a team would: recent cases mostly open, older ones contacted and resolved
 * with notes, a few left behind (overdue). Each change goes through the store's `updateCase`, at the
 * time it would have happened, so time-to-resolve and "updated" look real. Returns the cases worked.
 */
export async function workDemoCases(store: Store, site: string, opts: { seed?: number; now?: Date } = {}) {
  const dice = new Dice(rng((opts.seed ?? 42) + 1));
  const now = (opts.now ?? new Date()).getTime();
  await store.closedLoop.backdateCases(site);
  const cases = await store.closedLoop.listCases(site, { limit: ALL_CASES }, new Date(now).toISOString());
  let worked = 0;
  for (const c of cases) {
    const ageDays = (now - Date.parse(c.openedAt)) / DAY_MS;
    const status = statusFor(ageDays, dice);
    if (status === 'open') continue;
    const assignee = dice.pick(TEAM);
    // First contact within a day or so; a resolution a few days later, never in the future.
    const contactedAt = Math.min(Date.parse(c.openedAt) + (2 + 30 * dice.next()) * HOUR_MS, now - HOUR_MS);
    await store.closedLoop.updateCase(site, c.id, {
      status: 'contacted',
      assignee,
      note: { author: assignee, text: dice.pick(CONTACT_NOTES) },
      at: new Date(contactedAt).toISOString(),
    });
    if (status === 'resolved') {
      const resolvedAt = Math.min(contactedAt + (4 + 90 * dice.next()) * HOUR_MS, now - HOUR_MS / 2);
      await store.closedLoop.updateCase(site, c.id, {
        status: 'resolved',
        note: { author: assignee, text: dice.pick(RESOLVE_NOTES) },
        at: new Date(resolvedAt).toISOString(),
      });
    }
    worked++;
  }
  return worked;
}

/** Where a case of this age stands: the older, the likelier it is done; a few slip through. */
function statusFor(ageDays: number, dice: Dice): CaseStatus {
  const r = dice.next();
  if (ageDays < 2) return r < 0.7 ? 'open' : 'contacted';
  if (ageDays < 10) return r < 0.2 ? 'open' : r < 0.55 ? 'contacted' : 'resolved';
  return r < 0.03 ? 'open' : r < 0.07 ? 'contacted' : 'resolved';
}
