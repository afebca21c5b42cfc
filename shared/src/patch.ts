import { z } from 'zod';

/** A field schema with its outer `.default()` taken off. */
type WithoutDefault<T> = T extends z.ZodDefault<infer Inner> ? Inner : T;

/** The PATCH form of an object shape: each field optional, no default. */
export type PatchShape<S extends z.ZodRawShape> = { [K in keyof S]: z.ZodOptional<WithoutDefault<S[K]>> };

/**
 * The PATCH form of an object shape: every field optional and none with a default, so a PATCH changes only
 * the fields it names (`.partial()` alone still fills in `.default()`s). Nested objects keep their own rules;
 * replace a field with `patchShape(nested.shape)` where a PATCH should merge into it.
 */
export function patchShape<S extends z.ZodRawShape>(shape: S): PatchShape<S> {
  const out: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(shape)) {
    const bare = (field instanceof z.ZodDefault ? field.unwrap() : field) as z.ZodType;
    out[key] = bare.optional();
  }
  return out as PatchShape<S>;
}
