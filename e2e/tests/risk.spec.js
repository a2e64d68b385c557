'use strict';
// A supervisor assesses a survivor's risk with the shipped 24-question checklist: 14 "yes"
// answers make the case visible high risk, professional judgement cannot lower the level, and
// the history shows the trend with its table. Every page is checked with axe.
const { test, expect } = require('@playwright/test');
const { heading, signInFully } = require('../lib/flows');
const { expectAccessible } = require('../lib/a11y');

const PASSWORD = 'concord-demo-2026';

async function answer(page, yes) {
  const yesRadios = page.locator('input[type=radio][value=yes]');
  const noRadios = page.locator('input[type=radio][value=no]');
  const count = await yesRadios.count();
  expect(count).toBe(24);
  for (let i = 0; i < count; i++) {
    await (i < yes ? yesRadios.nth(i) : noRadios.nth(i)).check();
  }
}

test('a supervisor assesses risk; judgement raises but never lowers', async ({ page }) => {
  await test.step('signs in and registers a survivor', async () => {
    await signInFully(page, { username: 'shelter.supervisor', password: PASSWORD });
    await page.getByRole('navigation').getByRole('link', { name: 'Cases', exact: true }).click();
    await page.getByRole('link', { name: 'Register a survivor', exact: true }).click();
    await page.getByLabel('Name', { exact: true }).fill('Risk Browser Survivor');
    await page.getByLabel('Date of birth', { exact: true }).fill('1988-06-02');
    await page.getByLabel('Number, address or trusted person', { exact: true }).fill('+000 555 0144');
    await page.getByLabel('Code word', { exact: true }).fill('harbour');
    await page.getByRole('button', { name: 'Register and open a case', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(/Case S-/);
  });

  await test.step('assesses with the checklist: 14 yes is visible high risk', async () => {
    await page.getByRole('link', { name: 'Risk assessments and referrals', exact: true }).click();
    await expect(page.getByText('No assessment yet.')).toBeVisible();
    await expectAccessible(page, 'risk page, empty');
    await page.getByLabel('Instrument', { exact: true }).selectOption('dash');
    await page.getByRole('button', { name: 'Assess now', exact: true }).click();
    await expect(heading(page, 'Risk identification checklist (24 questions)')).toBeVisible();
    await expectAccessible(page, 'assessment form');
    await answer(page, 14);
    await page.getByLabel('How she sees her own risk', { exact: true }).selectOption('high');
    await page.getByRole('button', { name: 'Save the assessment', exact: true }).click();
    await expect(page.getByRole('cell', { name: '14 / 24' })).toBeVisible();
    await expect(page.getByText('visible high risk')).toBeVisible();
    await expect(page.locator('svg polyline')).toHaveCount(1);
    await expectAccessible(page, 'risk page with an assessment');
  });

  await test.step('judgement cannot lower the level', async () => {
    await page.getByRole('button', { name: 'Assess now', exact: true }).click();
    await answer(page, 14);
    await page.getByLabel('How she sees her own risk', { exact: true }).selectOption('low');
    await page.getByLabel('Level on professional judgement', { exact: true }).selectOption('standard');
    await page.getByLabel('Reason for the judgement', { exact: true }).fill('She seems calm today.');
    await page.getByRole('button', { name: 'Save the assessment', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('professional judgement can raise the level, never lower it');
    await expectAccessible(page, 'assessment form with problems');
  });
});
