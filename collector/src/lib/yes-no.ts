/** A query string's `true`/`false` as a boolean for the store; undefined (not filtered) when absent. */
export function yesNo(value: 'true' | 'false' | undefined): boolean | undefined {
  return value === undefined ? undefined : value === 'true';
}
