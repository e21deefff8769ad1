import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const AXE = fileURLToPath(import.meta.resolve('axe-core/axe.min.js'));

/** axe-core's serious and critical findings on the page as it is now, shadow roots included. */
export async function seriousViolations(page: Page): Promise<unknown[]> {
  // Evaluated through the DevTools protocol: the app's CSP refuses inline script tags.
  await page.evaluate(await readFile(AXE, 'utf8'));
  const found: unknown = await page.evaluate(runAxe);
  if (!Array.isArray(found)) throw new Error('axe did not run');
  return found;
}

/** Runs in the page. */
async function runAxe(): Promise<unknown[]> {
  const axe = Reflect.get(window, 'axe');
  const result: unknown = await axe.run(document, { resultTypes: ['violations'] });
  const violations: { id: string; impact: string; nodes: { target: unknown }[] }[] =
    Reflect.get(Object(result), 'violations');
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(({ id, impact, nodes }) => ({ id, impact, targets: nodes.map((node) => node.target) }));
}
