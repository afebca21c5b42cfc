import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { slug } from '@touchpoint/shared';
import { ConflictError, NotFoundError } from '../../errors.js';
import { parseOrReject } from '../../lib/parse.js';
import { applyPatch, type Patch } from '../../lib/patch.js';

/** How the store keeps one kind of a site's catalog items (touchpoints, surveys). */
export interface SiteResource<T extends { id: string }> {
  /** singular, capitalised, for messages: "Survey" */
  noun: string;
  /** URL segment: "surveys" */
  path: string;
  schema: z.ZodType<T>;
  update: z.ZodType<Patch<T>>;
  /** object fields a PATCH merges into instead of replacing (e.g. a survey's `display`) */
  mergeKeys?: readonly (keyof T)[];
  /** how a PATCH treats this kind's fields, for the API docs */
  patchDescription: string;
  list(site: string): Promise<T[]>;
  get(site: string, id: string): Promise<T | null>;
  create(site: string, item: T): Promise<boolean>;
  save(site: string, item: T): Promise<boolean>;
  remove(site: string, id: string): Promise<boolean>;
}

/** Registers list/create/get/patch/delete under `/sites/:site/<path>` for one kind of catalog item. */
export function registerSiteResource<T extends { id: string }>(fastify: FastifyInstance, r: SiteResource<T>): void {
  // Generic over T, so the handlers read params and bodies by cast; the schemas still validate them.
  const app = fastify;
  type Params = { site: string; id: string };
  const tags = [`admin: ${r.path}`];
  const siteParams = z.object({ site: slug });
  const params = z.object({ site: slug, id: slug });
  const base = `/sites/:site/${r.path}`;
  const requireSite = async (key: string) => {
    if (!(await fastify.store.getSite(key))) throw new NotFoundError(`Site "${key}"`);
  };
  const get = async (site: string, id: string) => {
    const found = await r.get(site, id);
    if (!found) throw new NotFoundError(`${r.noun} "${id}" of site "${site}"`);
    return found;
  };
  const noun = r.noun.toLowerCase();

  app.get(
    base,
    { schema: { tags, summary: `List a site's ${r.path}`, params: siteParams, response: { 200: z.array(r.schema) } } },
    async (req) => {
      await requireSite((req.params as Params).site);
      return r.list((req.params as Params).site);
    },
  );
  app.post(
    base,
    { schema: { tags, summary: `Create a ${noun}`, params: siteParams, body: r.schema, response: { 201: r.schema } } },
    async (req, reply) => {
      await requireSite((req.params as Params).site);
      const item = req.body as T;
      if (!(await r.create((req.params as Params).site, item)))
        throw new ConflictError(`${r.noun} "${item.id}" exists`);
      return reply.code(201).send(item);
    },
  );
  app.get(`${base}/:id`, { schema: { tags, summary: `Get a ${noun}`, params, response: { 200: r.schema } } }, (req) =>
    get((req.params as Params).site, (req.params as Params).id),
  );
  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: `Change a ${noun}`,
        description: r.patchDescription,
        params,
        body: r.update,
        response: { 200: r.schema },
      },
    },
    async (req) => {
      const current = await get((req.params as Params).site, (req.params as Params).id);
      const patched = applyPatch(current, req.body as Patch<T>, r.mergeKeys);
      const updated = parseOrReject(r.schema, { ...patched, id: current.id });
      await r.save((req.params as Params).site, updated);
      return updated;
    },
  );
  app.delete(
    `${base}/:id`,
    { schema: { tags, summary: `Delete a ${noun} (its responses stay)`, params } },
    async (req, reply) => {
      if (!(await r.remove((req.params as Params).site, (req.params as Params).id))) {
        throw new NotFoundError(`${r.noun} "${(req.params as Params).id}" of site "${(req.params as Params).site}"`);
      }
      return reply.code(204).send();
    },
  );
}
