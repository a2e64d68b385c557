'use strict';
// A police officer records the justice chain of a case his unit owns: a report with its crime
// reference, the recorded crime (shown with its ICCS code), a charge decision out of order
// (refused, naming what it needs), then in order; the timeline shows the steps in the order
// they happened. Every page is checked with axe. (Breaches of protection orders are not built
// yet.)
const { test, expect } = require('@playwright/test');
const { heading, signInFully } = require('../lib/flows');
const { expectAccessible } = require('../lib/a11y');

const PASSWORD = 'concord-demo-2026';

function daysAgo(n) {
  const d = new Date(Date.now() - n * 86_400_000);
  return d.toISOString().slice(0, 10);
}

async function recordStep(page, { kind, on, outcome, reason, detail }) {
  await page.getByLabel('Kind', { exact: true }).selectOption(kind);
  await page.getByLabel('Date it happened', { exact: true }).fill(on);
  await page.getByLabel('Outcome', { exact: true }).selectOption(outcome || '');
  await page.getByLabel('Reason', { exact: true }).selectOption(reason || '');
  await page.getByLabel('Crime reference or bail conditions', { exact: true }).fill(detail || '');
  await page.getByRole('button', { name: 'Record the step', exact: true }).click();
}

test('a police officer records a report, a crime and a charge', async ({ page }) => {
  await test.step('registers a survivor with the police unit', async () => {
    await signInFully(page, { username: 'police.officer', password: PASSWORD });
    await page.getByRole('navigation').getByRole('link', { name: 'Cases', exact: true }).click();
    await page.getByRole('link', { name: 'Register a survivor', exact: true }).click();
    await page.getByLabel('Name', { exact: true }).fill('Justice Browser Survivor');
    await page.getByLabel('Date of birth', { exact: true }).fill('1990-02-11');
    await page.getByLabel('Number, address or trusted person', { exact: true }).fill('+000 555 0177');
    await page.getByLabel('Code word', { exact: true }).fill('lantern');
    await page.getByRole('button', { name: 'Register and open a case', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(/Case S-/);
  });

  await test.step('opens the justice chain, empty', async () => {
    await page.getByRole('link', { name: 'Justice chain', exact: true }).click();
    await expect(page.getByText('Nothing recorded yet.')).toBeVisible();
    await expectAccessible(page, 'justice chain, empty');
  });

  await test.step('a charge before a recorded crime is refused, naming what it needs', async () => {
    await recordStep(page, { kind: 'charge_decision', on: daysAgo(3), outcome: 'charged' });
    await expect(page.getByRole('alert')).toContainText('the charge decision needs a recorded crime first');
    await expectAccessible(page, 'justice form with a problem');
  });

  await test.step('records the report, the crime and the charge in order', async () => {
    await recordStep(page, { kind: 'reported_to_police', on: daysAgo(10), detail: 'CR-E2E-0001' });
    await recordStep(page, { kind: 'crime_recorded', on: daysAgo(9), outcome: 'minor_assault' });
    await recordStep(page, { kind: 'charge_decision', on: daysAgo(3), outcome: 'charged' });
    const timeline = page.locator('#justice-timeline > li');
    await expect(timeline).toHaveCount(3);
    await expect(timeline.nth(0)).toContainText('Reported to the police');
    await expect(timeline.nth(0)).toContainText('CR-E2E-0001');
    await expect(timeline.nth(1)).toContainText('Minor assault (ICCS 020112)');
    await expect(timeline.nth(2)).toContainText('Charge decision: Charged');
    await expect(heading(page, 'Record a step')).toBeVisible();
    await expectAccessible(page, 'justice chain with three steps');
  });
});
