import type { z } from 'zod';
import { ValidationError } from '../errors.js';
import { fieldProblems } from './validation-details.js';

/** Parses a value built on the server (e.g. a merged update) or answers 400 naming the fields. */
export function parseOrReject<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = fieldProblems(result.error.issues as Parameters<typeof fieldProblems>[0], ['body']);
  const err = new ValidationError(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  Object.assign(err, { details: problems });
  throw err;
}
