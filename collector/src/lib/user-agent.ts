import { UAParser } from 'ua-parser-js';

/** Device, OS and browser read from a user agent. */
export interface Client {
  device: string | null;
  os: string | null;
  browser: string | null;
}

/** Distinct user agents remembered; real traffic has few, so parsing is rarely repeated. */
const CACHE_SIZE = 500;
const cache = new Map<string, Client>();

/** Parses a user agent into device type (desktop, mobile, tablet, …), OS and browser names. */
export function parseUserAgent(ua: string | undefined): Client {
  if (!ua) return { device: null, os: null, browser: null };
  const hit = cache.get(ua);
  if (hit) return hit;
  const r = new UAParser(ua).getResult();
  // ua-parser-js leaves the device type empty for desktops.
  const client: Client = {
    device: r.device.type ?? (r.os.name ? 'desktop' : null),
    os: r.os.name ?? null,
    browser: r.browser.name ?? null,
  };
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(ua, client);
  return client;
}
