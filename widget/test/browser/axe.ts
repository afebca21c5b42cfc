import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** axe-core's browser build, read once. */
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The page's accessibility violations by axe-core (open shadow roots included), as "rule: target" lines,
 * so a failure names what is wrong; `within`: only that element's subtree (the widget, not the host page). The page's context needs `bypassCSP` where the page forbids inline scripts.
 */
export async function axeViolations(page: Page, within?: string): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async (sel) => {
    type Run = (c: object, o: object) => Promise<{ violations: unknown[] }>;
    const axe = (window as unknown as { axe: { run: Run } }).axe;
    const r = await axe.run(sel ? { include: [[sel]] } : document, { resultTypes: ['violations'] });
    return r.violations as { id: string; nodes: { target: unknown[]; failureSummary?: string }[] }[];
  }, within);
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`),
  );
}
