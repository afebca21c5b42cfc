import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';

type Route = Parameters<typeof validatorCompiler>[0];

/** Hand-written checks tried before zod: the value zod would return for a body they vouch for, else undefined. */
export interface QuickChecks {
  batch: (data: unknown) => unknown;
  item: (data: unknown) => unknown;
}

/**
 * Validates a body that is one item or `{ [batchKey]: [...] }` in one pass: a body carrying `batchKey` is
 * checked as a batch, any other as one item. The route's schema (the union) still documents both, but a
 * union would try every branch and, for a bad body, walk it twice. `quick` checks (lib/response-fast-path.ts)
 * answer first where they can; whatever they do not vouch for, valid or not, is zod's to parse.
 */
export function batchOrItem(
  batchKey: string,
  batch: z.ZodType,
  item: z.ZodType,
  quick?: QuickChecks,
): FastifySchemaCompiler<unknown> {
  return (route) => {
    const union = validatorCompiler(route as Route);
    if (route.httpPart !== 'body') return union;
    const asBatch = validatorCompiler({ ...(route as Route), schema: batch });
    const asItem = validatorCompiler({ ...(route as Route), schema: item });
    return (data: unknown) => {
      if (typeof data === 'object' && data !== null && batchKey in data) {
        const value = quick?.batch(data);
        return value === undefined ? asBatch(data) : { value };
      }
      const value = quick?.item(data);
      return value === undefined ? asItem(data) : { value };
    };
  };
}
