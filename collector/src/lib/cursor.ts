/** Page cursors: the sort key (created at, id) of a page's last row, opaque to clients. */

/** Encodes the sort key of the last row of a page. */
export const encodeCursor = (createdAt: string, id: string): string =>
  Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');

/** Reads a cursor back, or null when it is not one of ours. */
export function decodeCursor(cursor: string): [string, string] | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // not JSON: not ours
  }
  return null;
}
