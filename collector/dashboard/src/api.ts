import type { ErrorBody } from '@touchpoint/shared';
import { session } from './session';

/** An error reply of the collector (or a network failure, status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** Called when the collector answers 401: the key is gone or wrong, so the analyst signs in again. */
let onUnauthorized: (message: string) => void = () => {};
export const setUnauthorizedHandler = (fn: (message: string) => void): void => {
  onUnauthorized = fn;
};

/** Headers of an admin request: the key goes in a header, never in a URL or a cookie. */
export function authHeaders(key = session.key()): Record<string, string> {
  return key ? { authorization: `Bearer ${key}` } : {};
}

/** Throws the error of a reply; a 401 to a request made with the session's key signs the analyst out. */
async function fail(res: Response, sessionKey: boolean): Promise<never> {
  let body: Partial<ErrorBody> = {};
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    /* not JSON: keep the status text */
  }
  const err = new ApiError(res.status, body.code ?? `HTTP_${res.status}`, body.message ?? res.statusText, body.details);
  if (res.status === 401 && sessionKey) onUnauthorized(err.message);
  throw err;
}

/** Calls the collector's admin API (a path under /v1/admin) and returns the parsed JSON. */
export async function api<T>(path: string, init: { method?: string; body?: unknown; key?: string } = {}): Promise<T> {
  const res = await send(path, init);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** A page of a listing that pages by the `x-next-cursor` header (cases); `next` is null on the last page. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** Reads one page of such a listing. */
export async function apiPage<T>(path: string): Promise<Page<T>> {
  const res = await send(path, {});
  return { items: (await res.json()) as T[], next: res.headers.get('x-next-cursor') };
}

async function send(path: string, init: { method?: string; body?: unknown; key?: string }): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`/v1/admin${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...authHeaders(init.key),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : null,
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', `The collector cannot be reached (${(e as Error).message})`);
  }
  // A key given explicitly is being tried (sign-in): its refusal is the caller's to tell.
  if (!res.ok) return fail(res, init.key === undefined);
  return res;
}

/** Downloads an admin resource as a file (fetch + Blob, since the key must travel in a header). */
export async function download(path: string, fileName: string): Promise<void> {
  const res = await fetch(`/v1/admin${path}`, { headers: authHeaders() });
  if (!res.ok) return fail(res, true);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A query string from the defined values of an object. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
