import { csvLine } from '../lib/csv.js';

/** A byte-order mark, so that spreadsheet programs read the CSV as UTF-8. */
const UTF8_BOM = '\uFEFF';

/** Staff kudos as the staff view returns them (names only when the admin asked). */
export interface KudosByStore {
  stores: {
    touchpoint: string;
    staff: { staff: string; name?: string; mentions: number; praise: number; complaints: number }[];
  }[];
}

/**
 * "Share with the team": staff kudos per store as CSV, one row per person named. The person column is the
 * roster id unless the kudos carry names (the admin asked for them). Cells a spreadsheet would run as a
 * formula (a name or store name starting with `=`, `+`, `-`, `@`) are quoted by `csvCell`.
 */
export function kudosCsv(
  kudos: KudosByStore,
  storeNames: ReadonlyMap<string, string>,
  period: { from: string; to: string },
): string {
  let out = UTF8_BOM + csvLine(['store', 'store_name', 'person', 'mentions', 'praise', 'complaints', 'from', 'to']);
  for (const store of kudos.stores) {
    for (const s of store.staff) {
      out += csvLine([
        store.touchpoint,
        storeNames.get(store.touchpoint) ?? store.touchpoint,
        s.name ?? s.staff,
        s.mentions,
        s.praise,
        s.complaints,
        period.from,
        period.to,
      ]);
    }
  }
  return out;
}
