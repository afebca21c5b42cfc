/**
 * The normalised form of an e-mail address that erasure matches on: trimmed and lower-cased. The local
 * part is case-sensitive in theory (RFC 5321 §2.4) but no mail provider treats it so, and a respondent
 * who typed `Ann@Example.com` once and `ann@example.com` later is one person to erase.
 */
export function emailKey(address: string): string {
  return address.trim().toLowerCase();
}
