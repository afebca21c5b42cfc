import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { paths } from '@touchpoint/shared/openapi';
import { OPENAPI_TYPES_FILE, openapiTypes, servedDocument } from '../scripts/openapi-types.js';

/** What a typed client reads from the import route: the generated type must name these fields. */
type ImportReply = paths['/v1/admin/sites/{site}/imports']['post']['responses'][200]['content']['application/json'];
const sample: ImportReply = { rows: 1, created: 1, duplicate: 0, failed: 0, problems: [] };

describe('typed API clients', () => {
  it('checks in the openapi-typescript types of the document the collector serves (run `pnpm run openapi:types`)', async () => {
    const fresh = await openapiTypes(await servedDocument());
    expect(fresh).toContain("'/v1/admin/sites/{site}/imports'");
    // A stale file fails here: regenerate it with `pnpm run openapi:types` and commit it.
    expect(readFileSync(OPENAPI_TYPES_FILE, 'utf8') === fresh, 'shared/src/openapi-types.ts is stale').toBe(true);
    expect(sample.created).toBe(1);
    // Its own bound: generating the types takes ~1.4 s idle, and took 32 s on a machine at load 16.
  }, 90_000);
});
