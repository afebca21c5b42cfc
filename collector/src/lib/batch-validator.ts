import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';

type Route = Parameters<typeof validatorCompiler>[0];

/**
 * Validates a body that is one item or `{ [batchKey]: [...] }` in one pass: a body carrying `batchKey` is
 * checked as a batch, any other as one item. The route's schema (the union) still documents both, but a
 * union would try every branch and, for a bad body, walk it twice.
 */
export function batchOrItem(batchKey: string, batch: z.ZodType, item: z.ZodType): FastifySchemaCompiler<unknown> {
  return (route) => {
    const union = validatorCompiler(route as Route);
    if (route.httpPart !== 'body') return union;
    const asBatch = validatorCompiler({ ...(route as Route), schema: batch });
    const asItem = validatorCompiler({ ...(route as Route), schema: item });
    return (data: unknown) =>
      typeof data === 'object' && data !== null && batchKey in data ? asBatch(data) : asItem(data);
  };
}
