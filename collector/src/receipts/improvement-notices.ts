import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Improvement } from '@touchpoint/shared';
import { contactOf } from '../closed-loop/evaluate.js';
import { normalAddress, replyIntervalStart } from '../closed-loop/reply-limits.js';

/** The signature of an unsubscribe link: only the collector can make one for an address. */
function unsubscribeSignature(site: string, address: string, salt: string): string {
  return createHmac('sha256', salt)
    .update(`unsubscribe\n${site}\n${normalAddress(address)}`)
    .digest('base64url');
}

/** The unsubscribe link of a notice e-mail: `/y/:site/unsubscribe?a=<address, base64url>&t=<signature>`. */
export function unsubscribeLink(base: string, site: string, address: string, salt: string): string {
  const a = Buffer.from(normalAddress(address)).toString('base64url');
  return `${base}/y/${encodeURIComponent(site)}/unsubscribe?a=${a}&t=${unsubscribeSignature(site, address, salt)}`;
}

/** The address an unsubscribe link names, or null if its signature does not match. */
export function unsubscribeAddress(site: string, a: string, t: string, salt: string): string | null {
  const address = Buffer.from(a, 'base64url').toString('utf8');
  const expected = Buffer.from(unsubscribeSignature(site, address, salt));
  const given = Buffer.from(t);
  return given.length === expected.length && timingSafeEqual(given, expected) ? address : null;
}

/** The collector's public base URL for links in e-mails. */
export function publicBase(fastify: FastifyInstance): string {
  const c = fastify.config;
  return (c.TOUCHPOINT_PUBLIC_URL ?? `http://${c.HOST === '0.0.0.0' ? 'localhost' : c.HOST}:${c.PORT}`).replace(
    /\/$/,
    '',
  );
}

/** Respondents of a theme-linked improvement: comments of the last this many days. */
const THEME_WINDOW_DAYS = 180;
/** …and at most this many of them. */
const MAX_THEME_RESPONDENTS = 500;

/**
 * Tells the respondents an improvement answers about it, once each: those of its linked cases and, with a
 * theme, those whose comment spoke of the theme negatively or mixed (within its touchpoint when it has one,
 * in the last 180 days, at most 500), who left a contact answer or an address with consent (the closed
 * loop's rule). A response reached both ways is counted once. The e-mail names no respondent data beyond
 * the address it goes to; it links the public page and an unsubscribe link. Returns the e-mails queued.
 */
export async function notifyImprovement(
  fastify: FastifyInstance,
  site: string,
  improvement: Improvement,
): Promise<number> {
  const improvements = fastify.improvements;
  const receipts = fastify.receipts;
  if (improvement.caseIds.length === 0 && !improvement.theme) return 0;
  const snapshot = await fastify.catalog.get(site);
  if (!snapshot) return 0;
  const salt = (await receipts.settings(site)).idSalt;
  const base = publicBase(fastify);
  const now = new Date().toISOString();
  const responseIds = new Set<string>();
  for (const caseId of improvement.caseIds) {
    const found = await fastify.store.closedLoop.getCase(site, caseId, now);
    if (found) responseIds.add(found.response);
  }
  if (improvement.theme) {
    const sinceDay = new Date(Date.parse(now) - THEME_WINDOW_DAYS * 86_400_000).toISOString().slice(0, 10);
    for (const id of await improvements.themeComplaints(site, {
      theme: improvement.theme,
      touchpoint: improvement.touchpoint,
      sinceDay,
      limit: MAX_THEME_RESPONDENTS,
    }))
      responseIds.add(id);
  }
  const page = `${base}/y/${encodeURIComponent(site)}${improvement.touchpoint ? `/${encodeURIComponent(improvement.touchpoint)}` : ''}`;
  let queued = 0;
  for (const responseId of responseIds) {
    const response = await fastify.store.getResponse(site, responseId);
    const to = response && contactOf(response, snapshot.surveys.get(response.survey));
    if (!response || !to) continue;
    const text = [
      `You told us what to improve at ${snapshot.site.name}. Here is what we did:`,
      '',
      improvement.title,
      ...(improvement.body ? ['', improvement.body] : []),
      '',
      `More: ${page}`,
      '',
      `No more of these e-mails: ${unsubscribeLink(base, site, to, salt)}`,
    ].join('\n');
    const outcome = await improvements.notify({
      site,
      improvementId: improvement.id,
      responseId: response.id,
      mail: { to, subject: `You said, we did: ${improvement.title}`, text },
      at: now,
      since: replyIntervalStart(now),
    });
    if (outcome === 'queued') queued++;
  }
  return queued;
}
