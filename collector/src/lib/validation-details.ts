/** One wrong field: where it is and what is wrong with it. */
export interface FieldProblem {
  path: string;
  message: string;
}

interface Issue {
  path?: PropertyKey[];
  instancePath?: string;
  message: string;
  code?: string;
  keyword?: string;
  errors?: Issue[][];
  /** the values a discriminated union accepts, when the discriminator matched none */
  options?: unknown[];
  params?: { errors?: Issue[][]; options?: unknown[] };
}

/** "must be one of …" for a discriminator that matched no branch, instead of zod's own wording. */
function messageOf(issue: Issue): string {
  const options = issue.options ?? issue.params?.options;
  if (!options?.length) return issue.message;
  return `must be one of ${options.map((o) => JSON.stringify(o)).join(', ')}`;
}

/** `['responses', 0, 'answers', 'nps']` → `responses[0].answers.nps`. */
export function formatPath(parts: PropertyKey[]): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

const pathOf = (issue: Issue): PropertyKey[] =>
  issue.path ??
  (issue.instancePath ?? '')
    .split('/')
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));

/**
 * Turns zod issues into field problems. A union (one response or a batch) reports the branch that
 * got furthest into the body, so a bad answer deep in a batch is named, not "expected an object".
 */
export function fieldProblems(issues: readonly Issue[], prefix: PropertyKey[] = []): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const issue of issues) {
    const here = [...prefix, ...pathOf(issue)];
    const branches = issue.errors ?? issue.params?.errors;
    if ((issue.code ?? issue.keyword) === 'invalid_union' && branches && branches.length > 0) {
      // A branch that only misses its own top-level key (e.g. `responses` of a batch) did not get far.
      const missingOnly = (b: Issue[]) => b.every((i) => /received undefined/.test(i.message));
      const depth = (b: Issue[]) => Math.max(0, ...b.map((i) => pathOf(i).length)) - (missingOnly(b) ? 0.5 : 0);
      // On a tie the last branch wins: unions list the wrapper (`{ responses: [...] }`) first and
      // the plain item last, and a body that is not a batch is meant as an item.
      const ranked = branches.map((b, i) => ({ b, i, d: depth(b) }));
      ranked.sort((x, y) => y.d - x.d || y.i - x.i);
      const best = ranked[0]?.b ?? [];
      out.push(...fieldProblems(best, here));
    } else {
      out.push({ path: formatPath(here), message: messageOf(issue) });
    }
  }
  return out;
}
