import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scoresQuery, slug, type Improvement } from '@touchpoint/shared';
import { unsubscribeAddress } from '../../receipts/improvement-notices.js';
import { escapeHtml, messagePage, newNonce, pageCsp } from './html.js';

/** Improvements the full page lists (the newest); a store wall has room for about this many. */
const PAGE_ITEMS = 12;
/** Improvements the embedded panel lists: it sits in a corner of the site's own page. */
const EMBED_ITEMS = 3;
/** Seconds a browser or CDN may keep the page: improvements change a few times a month. */
const CACHE_SECONDS = 300;

/** The score line, when the operator made the score public: NPS, its 95% interval and n. Aggregates only. */
interface PublicScore {
  score: number;
  low: number;
  high: number;
  n: number;
}

/** A day as "20 November 2026" (UTC: the day an admin typed). */
const dayText = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** The page: every text escaped, one nonce'd style, no script. Printable (A4, no links), embeddable compact. */
export function improvementsPage(o: {
  nonce: string;
  place: string;
  items: Improvement[];
  score: PublicScore | null;
  embed: boolean;
}): string {
  const round = (x: number) => Math.round(x);
  const score = o.score
    ? `<p class="score">Net Promoter Score <b>${round(o.score.score)}</b> <span>(95% interval ${round(o.score.low)} to ${round(o.score.high)}, ${o.score.n} answers)</span></p>`
    : '';
  const items = o.items.length
    ? o.items
        .map(
          (i) => `<li><time datetime="${escapeHtml(i.day)}">${escapeHtml(dayText(i.day))}</time>
<h2>${escapeHtml(i.title)}</h2>${i.body ? `<p>${escapeHtml(i.body)}</p>` : ''}</li>`,
        )
        .join('\n')
    : '<li class="none">Nothing posted yet.</li>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>You said, we did – ${escapeHtml(o.place)}</title>
<style nonce="${o.nonce}">
  body { font-family: system-ui, sans-serif; color: #1c2430; margin: 0 auto; max-width: 42rem; padding: ${o.embed ? '.5rem' : '2rem 1rem'}; }
  h1 { font-size: ${o.embed ? '1.1rem' : '2rem'}; margin: 0 0 .5rem; }
  ul { list-style: none; padding: 0; margin: 0; } li { margin: 0 0 ${o.embed ? '.6rem' : '1.4rem'}; }
  h2 { font-size: ${o.embed ? '1rem' : '1.25rem'}; margin: .1rem 0; } p { margin: .2rem 0; white-space: pre-line; }
  time, .score span, .none { color: #556; font-size: .9rem; }
  @media print { @page { size: A4; margin: 15mm; } body { max-width: none; font-size: 14pt; } }
</style></head><body>
<h1>You said, we did${o.embed ? '' : ` – ${escapeHtml(o.place)}`}</h1>
${score}<ul>
${items}
</ul></body></html>
`;
}

/** "You said, we did": the public page of a site's (or a touchpoint's) improvements, `/y/:site[/:touchpoint]`. */
const improvementPages: FastifyPluginAsyncZod = async (fastify) => {
  const handler = async (
    site: string,
    touchpoint: string | undefined,
    embed: boolean,
    reply: FastifyReply,
  ): Promise<FastifyReply> => {
    const nonce = newNonce();
    const snapshot = await fastify.catalog.get(site);
    const known = snapshot && (!touchpoint || snapshot.touchpoints.has(touchpoint));
    // The embedded panel may be framed by the site's own pages; the full page by none.
    const csp =
      embed && snapshot
        ? pageCsp(nonce).replace("frame-ancestors 'none'", `frame-ancestors 'self' ${snapshot.site.origins.join(' ')}`)
        : pageCsp(nonce);
    reply.type('text/html; charset=utf-8').header('content-security-policy', csp);
    if (!snapshot || !known)
      return reply.code(404).send(messagePage('Page not found', 'There is no such page.', nonce));
    const items = await fastify.improvements.list(site, {
      limit: embed ? EMBED_ITEMS : PAGE_ITEMS,
      ...(touchpoint ? { touchpoint } : {}),
    });
    let score: PublicScore | null = null;
    if ((await fastify.receipts.settings(site)).publicScore) {
      const q = scoresQuery.parse({ metric: 'nps', by: 'none', ...(touchpoint ? { touchpoint } : {}) });
      const o = (await fastify.scoring.scores(site, q)).overall;
      if (o.n > 0 && o.score !== null && o.low !== null && o.high !== null)
        score = { score: o.score, low: o.low, high: o.high, n: o.n };
    }
    const place = touchpoint ? (snapshot.touchpoints.get(touchpoint)?.name ?? touchpoint) : snapshot.site.name;
    return reply
      .header('cache-control', `public, max-age=${CACHE_SECONDS}`)
      .send(improvementsPage({ nonce, place, items, score, embed }));
  };
  const tags = ['pages'];
  const description =
    'No respondent data, ever: the improvements an admin posted and, if the site made it public, its score.';
  const querystring = z.object({ embed: z.enum(['0', '1']).optional() });
  fastify.get(
    '/y/:site',
    {
      schema: {
        tags,
        description,
        summary: '"You said, we did": the improvements of a site (?embed=1: a compact panel)',
        params: z.object({ site: slug }),
        querystring,
      },
    },
    async (req, reply) => handler(req.params.site, undefined, req.query.embed === '1', reply),
  );
  fastify.get(
    '/y/:site/unsubscribe',
    {
      schema: {
        tags,
        summary: 'The unsubscribe link of an improvement notice: no more notices from the site to that address',
        params: z.object({ site: slug }),
        querystring: z.object({ a: z.string().max(400), t: z.string().max(100) }),
      },
    },
    async (req, reply) => {
      const nonce = newNonce();
      const { site } = req.params;
      const snapshot = await fastify.catalog.get(site);
      const address = snapshot
        ? unsubscribeAddress(site, req.query.a, req.query.t, (await fastify.receipts.settings(site)).idSalt)
        : null;
      reply.type('text/html; charset=utf-8').header('content-security-policy', pageCsp(nonce));
      if (!address)
        return reply.code(400).send(messagePage('Link not valid', 'This unsubscribe link is incomplete.', nonce));
      await fastify.improvements.optOut(site, address, new Date().toISOString());
      return reply.send(messagePage('Unsubscribed', 'You will get no more of these e-mails from us.', nonce));
    },
  );
  fastify.get(
    '/y/:site/:touchpoint',
    {
      schema: {
        tags,
        description,
        summary: '"You said, we did" for one touchpoint: its improvements and the site-wide ones',
        params: z.object({ site: slug, touchpoint: slug }),
        querystring,
      },
    },
    async (req, reply) => handler(req.params.site, req.params.touchpoint, req.query.embed === '1', reply),
  );
};

export default improvementPages;
