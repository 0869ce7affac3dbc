import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** One axe-core finding, summarised. */
export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

/**
 * Runs axe-core on the page (or only inside the `include` selectors), injected through the
 * DevTools protocol so the page's CSP (script-src 'self') stays in force. Answers the
 * findings of every impact (logged when there are any) and the ids of the rules that
 * passed, so a test can check that the scan covered what it meant to.
 */
export async function axeScan(
  page: Page,
  include?: string[],
): Promise<{ violations: AxeFinding[]; blocking: AxeFinding[]; passed: string[] }> {
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const { violations, passed } = await page.evaluate(async (selectors) => {
    type AxeRule = { id: string; impact: string | null; help: string; nodes: unknown[] };
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document | { include: string[][] },
            options: object,
          ) => Promise<{ violations: AxeRule[]; passes: AxeRule[] }>;
        };
      }
    ).axe;
    const context = selectors ? { include: selectors.map((s) => [s]) } : document;
    const result = await axe.run(context, { resultTypes: ['violations'] });
    return {
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.length,
      })),
      passed: result.passes.map((p) => p.id),
    };
  }, include ?? null);
  if (violations.length)
    console.log('axe-core findings (all impacts):', JSON.stringify(violations));
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return { violations, blocking, passed };
}

/** Whether the element with the focus matches `selector`. */
export function isFocused(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector);
}

/** Presses Tab until `selector` has the focus (at most `limit` presses): keyboard-only tests. */
export async function tabTo(page: Page, selector: string, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i += 1) {
    if (await isFocused(page, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${selector} never got the focus within ${limit} Tab presses`);
}
