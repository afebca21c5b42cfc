/**
 * Errors a store throws, in the store's own terms: the HTTP layer decides what they mean to a client
 * (app.ts's error handler answers `StoreUnavailableError` with 503 `TP_ERR_UNAVAILABLE`).
 */

/**
 * The store cannot take the request now, though nothing is wrong with the request (SQLite: its writer
 * thread died; PostgreSQL: the server is unreachable). Nothing of it was committed: retry later, with the
 * same ids.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}
