import axe from 'axe-core';
import type { Page } from 'playwright-core';

type Violation = {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string; summary: string }[];
};

// axe's own rule set (WCAG 2.x A and AA, and its best practices), plus the check that a
// control's visible text is part of its accessible name (WCAG 2.5.3), which axe ships off.
const options = { rules: { 'label-content-name-mismatch': { enabled: true } } };

// Runs in the page: axe is put there by evaluation, which the page's CSP does not govern, as an
// extension's script would be; it adds no script element and runs no eval.
const runAxe = `(async () => {
  const results = await axe.run(document, ${JSON.stringify(options)});
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact ?? null,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map((node) => ({
      target: node.target.join(' '),
      summary: node.failureSummary ?? '',
    })),
  }));
})()`;

/**
 * Runs axe-core on what `page` shows now and fails, naming each rule, the elements and the
 * fix axe suggests, if anything breaks one. `screen` names the screen in the failure.
 *
 * @example await expectNoAxeViolations(page, 'settings, dark');
 */
export async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  // Judged as painted: after the frame that shows the latest change (colours, layout).
  await page.evaluate(
    'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))',
  );
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) {
    await page.evaluate(axe.source);
  }
  const violations = (await page.evaluate(runAxe)) as Violation[];
  if (violations.length === 0) return;
  const described = violations.map((violation) =>
    [
      `- ${violation.id} (${violation.impact ?? 'no impact given'}): ${violation.help}`,
      `  ${violation.helpUrl}`,
      ...violation.nodes.map(
        (node) => `  at ${node.target}\n    ${node.summary.replace(/\n/g, '\n    ')}`,
      ),
    ].join('\n'),
  );
  throw new Error(
    `${screen} (${page.url()}) breaks ${violations.length} accessibility rule(s):\n${described.join('\n')}`,
  );
}
