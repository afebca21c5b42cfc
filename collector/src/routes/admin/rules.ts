import type { FastifyPluginAsync } from 'fastify';
import { rule, ruleUpdate, type Rule } from '@touchpoint/shared';
import { ValidationError } from '../../errors.js';
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
      await checkEndpoints(site, r);
      return loop.createRule(site, r);
    },
    save: async (site, r) => {
      await checkEndpoints(site, r);
      return loop.updateRule(site, r);
    },
    remove: (site, id) => loop.deleteRule(site, id),
  });
};

export default routes;
