import type { FastifyPluginAsync } from 'fastify';
import { rule, ruleUpdate, type Rule } from '@touchpoint/shared';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ValidationError } from '../../errors.js';
import { checkUrlHost } from '../../lib/address-guard.js';
import { registerSiteResource } from './site-resource.js';

/**
 * Closed-loop rules: match responses by score band, touchpoint, channel and variables; reply, open a case
 * or call a webhook. A site gets its default rules when it is created. Edits reach the write path at once.
 */
const routes: FastifyPluginAsync = async (fastify) => {
  const loop = fastify.store.closedLoop;
  /** A webhook action must name an endpoint of the same site. */
  const checkEndpoints = async (site: string, r: Rule) => {
    for (const [i, action] of r.actions.entries()) {
      if (action.type === 'webhook' && !(await loop.getWebhook(site, action.endpoint))) {
        throw new ValidationError(`body.actions[${i}].endpoint: site "${site}" has no webhook "${action.endpoint}"`);
      }
    }
  };
  const allowPrivate = fastify.config.TOUCHPOINT_WEBHOOK_ALLOW_PRIVATE;
  /**
   * A notify action's URL must be https, resolve, and pass the address guard (as webhook URLs do);
   * TOUCHPOINT_WEBHOOK_ALLOW_PRIVATE lifts all three, for on-premise receivers and tests.
   */
  const checkNotifyUrls = async (r: Rule) => {
    for (const [i, action] of r.actions.entries()) {
      if (action.type !== 'notify' || allowPrivate) continue;
      const field = `body.actions[${i}].url`;
      const url = new URL(action.url);
      if (url.protocol !== 'https:') throw new ValidationError(`${field}: must be an https URL`);
      const host = url.hostname.replace(/^\[|\]$/g, '');
      if (!isIP(host)) {
        try {
          await lookup(host);
        } catch {
          throw new ValidationError(`${field}: host "${host}" does not resolve`);
        }
      }
      const blocked = await checkUrlHost(action.url);
      if (blocked)
        throw new ValidationError(
          `${field}: ${blocked.message}; notifications may not call internal addresses ` +
            '(TOUCHPOINT_WEBHOOK_ALLOW_PRIVATE=true allows them, for on-premise receivers)',
        );
    }
  };
  const check = async (site: string, r: Rule) => {
    await checkEndpoints(site, r);
    await checkNotifyUrls(r);
  };
  registerSiteResource(fastify, {
    noun: 'Rule',
    path: 'rules',
    schema: rule,
    update: ruleUpdate,
    patchDescription:
      'Changes only the fields sent. `match` and `actions` are replaced whole: a condition left out of a new ' +
      '`match` matches anything, and its `scale` is NPS unless named.',
    list: (site) => loop.listRules(site),
    get: (site, id) => loop.getRule(site, id),
    create: async (site, r) => {
      await check(site, r);
      return loop.createRule(site, r);
    },
    save: async (site, r) => {
      await check(site, r);
      return loop.updateRule(site, r);
    },
    remove: (site, id) => loop.deleteRule(site, id),
  });
};

export default routes;
