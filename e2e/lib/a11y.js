'use strict';
// expectAccessible(page): runs axe-core on the current page against WCAG 2.0/2.1 A and AA and
// WCAG 2.2 AA, and fails the test on any violation of impact "serious" or "critical",
// printing each one with the elements it was found on.
//
// axe-core's source is evaluated through the DevTools protocol (page.evaluate), which the
// page's Content-Security-Policy does not apply to, so the nonce-based CSP stays in force.

const fs = require('node:fs');
const { expect, test } = require('@playwright/test');

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const FAILING_IMPACTS = new Set(['serious', 'critical']);

function describeViolation(v) {
  const nodes = v.nodes
    .slice(0, 10)
    .map((n) => `      at ${n.target.join(' ')}\n        ${(n.failureSummary || '').replace(/\n/g, '\n        ')}`)
    .join('\n');
  const more = v.nodes.length > 10 ? `\n      … and ${v.nodes.length - 10} more` : '';
  return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}${more}`;
}

async function expectAccessible(page, label) {
  const where = label || new URL(page.url()).pathname;
  await test.step(`accessibility check: ${where}`, async () => {
    const alreadyLoaded = await page.evaluate(() => typeof window.axe !== 'undefined');
    if (!alreadyLoaded) await page.evaluate(AXE_SOURCE);
    const results = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      TAGS,
    );
    const failing = results.violations.filter((v) => FAILING_IMPACTS.has(v.impact));
    const minor = results.violations.filter((v) => !FAILING_IMPACTS.has(v.impact));
    if (minor.length > 0) {
      console.warn(`axe (${where}): ${minor.length} minor/moderate violation(s): ${minor.map((v) => v.id).join(', ')}`);
    }
    const report = failing.map(describeViolation).join('\n');
    if (failing.length > 0) console.error(`axe (${where}): serious/critical violations:\n${report}`);
    expect(
      failing.map((v) => `[${v.impact}] ${v.id}`),
      `serious or critical accessibility violations on ${where}:\n${report}`,
    ).toEqual([]);
  });
}

module.exports = { expectAccessible, AXE_TAGS: TAGS };
