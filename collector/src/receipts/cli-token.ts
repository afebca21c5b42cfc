import { receiptPayload, receiptVars } from '@touchpoint/shared';
import { signReceipt, type ReceiptClaims } from './sign.js';

/** Options of `touchpoint receipt-token`, as parsed from the command line. */
export interface ReceiptTokenArgs {
  site?: string | undefined;
  touchpoint?: string | undefined;
  txn?: string | undefined;
  till?: string | undefined;
  /** `name=value`, repeatable */
  var?: string[] | undefined;
  kid: string;
  secret: string;
  /** issue time, ISO 8601; now if absent */
  issued?: string | undefined;
}

/** `bill=12.5` → ['bill', 12.5]; numbers and true/false are typed, the rest stays text. */
function parseVar(text: string): [string, string | number | boolean] {
  const eq = text.indexOf('=');
  if (eq < 1) throw new Error(`--var ${text}: expected name=value`);
  const raw = text.slice(eq + 1);
  const value = /^-?\d{1,15}(\.\d{1,6})?$/.test(raw)
    ? Number(raw)
    : raw === 'true'
      ? true
      : raw === 'false'
        ? false
        : raw;
  return [text.slice(0, eq), value];
}

/** Builds and signs the receipt token the command prints; throws with the wrong option named. */
export function receiptTokenFromArgs(a: ReceiptTokenArgs): string {
  const vars = Object.fromEntries((a.var ?? []).map(parseVar));
  if (Object.keys(vars).length && !receiptVars.safeParse(vars).success)
    throw new Error('--var: at most 8 variables, names a letter then letters/digits/_, text values ≤ 64 chars');
  const issued = a.issued ? Date.parse(a.issued) : Date.now();
  if (Number.isNaN(issued)) throw new Error('--issued: expected an ISO 8601 time');
  const claims: ReceiptClaims = {
    k: a.kid,
    s: a.site ?? '',
    t: a.touchpoint ?? '',
    ...(a.till ? { l: a.till } : {}),
    x: a.txn ?? '',
    i: Math.floor(issued / 1000),
    ...(Object.keys(vars).length ? { v: vars } : {}),
  };
  const checked = receiptPayload.safeParse(claims);
  if (!checked.success) {
    const flag: Record<string, string> = { k: 'kid', s: 'site', t: 'touchpoint', l: 'till', x: 'txn', i: 'issued' };
    const issue = checked.error.issues[0];
    throw new Error(`--${flag[String(issue?.path[0])] ?? 'var'}: ${issue?.message ?? 'invalid'}`);
  }
  return signReceipt(claims, a.secret);
}
