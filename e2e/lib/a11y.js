'use strict';
// expectAccessible(page): runs axe-core on the current page against WCAG 2.0/2.1 A and AA and
// WCAG 2.2 AA, and fails the test on any violation of impact "serious" or "critical",
// printing each one with the elements it was found on.
//
// axe-core's source is evaluated through the DevTools protocol (page.evaluate), which the
// page's Content-Security-Policy does not apply to, so the nonce-based CSP stays in force.
//
// Colour contrast is checked twice. axe reports text whose colour equals its background (1:1,
// e.g. white "Dismiss" buttons on the white page) only as "needs review" (incomplete, reason
// equalRatio), on the theory that such text is hidden on purpose, so the violations alone never
// caught it; those incomplete results fail here too. And our own check computes, for every
// visible element with text of its own (buttons and links included), its colour against the
// background it is drawn on (the first opaque background among it and its ancestors, colours
// with transparency composed over it) and fails below 4.5:1, or 3:1 for large text (WCAG 1.4.3).

const fs = require('node:fs');
const { expect, test } = require('@playwright/test');

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const FAILING_IMPACTS = new Set(['serious', 'critical']);

// Runs in the page: every visible element with text of its own whose contrast is too low.
function lowContrastInPage() {
  const parse = (text) => {
    const m = text.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const parts = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const luminance = (c) => {
    const channel = (v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  };
  // The background an element is drawn on, or null when an image or gradient makes it unknown.
  const backgroundOf = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.backgroundImage && style.backgroundImage !== 'none') return null;
      const colour = parse(style.backgroundColor);
      if (colour && colour.a > 0) {
        layers.push(colour);
        if (colour.a >= 1) break;
      }
    }
    let result = { r: 255, g: 255, b: 255, a: 1 };
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const found = [];
  for (const element of document.body.querySelectorAll('*')) {
    if (['SCRIPT', 'STYLE', 'OPTION', 'TEXTAREA', 'INPUT', 'SELECT', 'NOSCRIPT'].includes(element.tagName)) continue;
    const ownText = Array.from(element.childNodes)
      .filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent)
      .join('')
      .trim();
    if (!ownText) continue;
    if (element.closest(':disabled, [aria-hidden="true"]')) continue;
    if (element.checkVisibility && !element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    const rect = element.getBoundingClientRect();
    // Off-screen (a skip link until focused) or clipped to a pixel (text for screen readers).
    if (rect.width <= 1 || rect.height <= 1 || rect.right <= 0 || rect.bottom <= 0) continue;
    const style = getComputedStyle(element);
    const background = backgroundOf(element);
    const colour = parse(style.color);
    if (!background || !colour) continue;
    const foreground = over(colour, background);
    const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
    const ratio = (light + 0.05) / (dark + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const needed = large ? 3 : 4.5;
    if (ratio < needed) {
      const where = element.id ? `#${element.id}` : `${element.tagName.toLowerCase()}${element.className ? '.' + String(element.className).trim().split(/\s+/).join('.') : ''}`;
      found.push(`${where} "${ownText.slice(0, 40)}": ${ratio.toFixed(2)}:1 (${style.color} on rgb(${Math.round(background.r)}, ${Math.round(background.g)}, ${Math.round(background.b)}); needs ${needed}:1)`);
    }
  }
  return found;
}

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
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] }),
      TAGS,
    );
    // Text in its own background colour: axe leaves it for review; here it fails.
    const sameColour = results.incomplete
      .filter((v) => v.id === 'color-contrast')
      .flatMap((v) => v.nodes)
      .filter((n) => [...n.any, ...n.all, ...n.none].some((c) => c.data && c.data.messageKey === 'equalRatio'))
      .map((n) => `${n.target.join(' ')}: text in its own background colour (1:1)`);
    const lowContrast = await page.evaluate(lowContrastInPage);
    const contrast = [...sameColour, ...lowContrast];
    if (contrast.length > 0) console.error(`contrast (${where}):\n  ${contrast.join('\n  ')}`);
    expect(contrast, `text that cannot be read against its background on ${where}`).toEqual([]);
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
