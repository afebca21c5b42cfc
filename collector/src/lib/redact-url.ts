/** What stands in for a credential or a query value a read-only key may not see. */
export const REDACTED = 'redacted';

/**
 * A URL with its secrets hidden, for read-only keys: `https://user:pass@hooks.example/in?token=abc`
 * becomes `https://redacted:redacted@hooks.example/in?token=redacted` (names kept, values hidden), and
 * the fragment is dropped. Scheme, host and path stay, so an analyst still sees where calls go.
 */
export function redactUrl(raw: string): string {
  const url = new URL(raw);
  if (url.username) url.username = REDACTED;
  if (url.password) url.password = REDACTED;
  const names = [...new Set(url.searchParams.keys())];
  url.search = '';
  for (const name of names) url.searchParams.append(name, REDACTED);
  url.hash = '';
  return url.toString();
}
