import pg from 'pg';
import type { Queryable } from './db.js';

/**
 * Site edits between collectors sharing one database: every edit verb NOTIFYs `SITE_CHANNEL` with the
 * site's key once it is committed, and every collector LISTENs and invalidates that site in its site
 * cache, so an edit on one collector reaches the others well within a second (not the cache's TTL).
 */

/** The channel of site edits; the payload is the site's key. */
export const SITE_CHANNEL = 'touchpoint_site';
/** Wait before connecting the listener again after its connection was lost (PostgreSQL restarting). */
const RECONNECT_MS = 1000;

/**
 * Tells every collector listening that `site` was edited (after the edit committed). A notice that cannot
 * be sent fails nothing: the edit is committed, and the others' TTL bounds how long they miss it.
 */
export async function notifySiteEdited(db: Queryable, site: string): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [SITE_CHANNEL, site]).catch(() => undefined);
}

/**
 * One connection of its own (outside the pool) that LISTENs for site edits and calls `onEdit` with each
 * site's key. A lost connection is opened again every `RECONNECT_MS` until it is back; edits made while
 * it was down are missed, and the site cache's TTL bounds how long they stay unseen.
 */
export class SiteEditListener {
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly onEdit: (site: string) => void,
  ) {}

  /** Connects and LISTENs; rejects when the server cannot be reached now. */
  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (n) => {
      if (n.channel === SITE_CHANNEL && n.payload) this.onEdit(n.payload);
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${SITE_CHANNEL}`);
    } catch (err) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.closed) await client.end();
    else this.client = client;
  }

  /** Stops listening. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.reconnect();
  }

  private reconnect(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.start().catch(() => this.reconnect());
    }, RECONNECT_MS);
    this.timer.unref();
  }
}
