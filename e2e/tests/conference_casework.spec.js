'use strict';
// A risk-conference coordinator works a demo referral through its page: names the independent
// advocate, records the first contact, writes her agency's research and shares it at the meeting
// (started by recording attendance), then reads the conference's quarterly dataset. The overdue
// flag and research hidden from other agencies until shared are tested over HTTP with the
// injectable clock and several agencies in crates/concord/tests/concord/conferences.rs. Every page
// is checked with axe.
const { test, expect } = require('@playwright/test');
const { signInFully } = require('../lib/flows');
const { expectAccessible } = require('../lib/a11y');

const PASSWORD = 'concord-demo-2026';
const RESEARCH = 'Browser research: two earlier contacts with the family support team.';

test('a coordinator works a referral and reads the dataset', async ({ page }) => {
  await test.step('starts the upcoming demo meeting', async () => {
    await signInFully(page, { username: 'marac.coordinator', password: PASSWORD });
    await page.getByRole('navigation').getByRole('link', { name: 'Risk conferences', exact: true }).click();
    await page.getByRole('link', { name: 'Lakeside MARAC', exact: true }).click();
    await expectAccessible(page, 'conference overview');
    const upcoming = page.getByRole('row').filter({ hasText: 'Scheduled' }).first();
    await upcoming.getByRole('link').click();
    await expect(page.getByRole('heading', { name: /^Agenda \(\d+\)$/ })).toBeVisible();
    const ownAgency = page.getByRole('group', { name: 'Lakeside Social Services', exact: true });
    await ownAgency.getByLabel('Attendance', { exact: true }).selectOption('present');
    await ownAgency.getByLabel('Representative', { exact: true }).fill('Coordinator Browser');
    await page.getByRole('button', { name: 'Record attendance', exact: true }).click();
    await expect(page.getByText('In progress').first()).toBeVisible();
  });

  await test.step('opens a referral from the agenda', async () => {
    const agenda = page.getByRole('table', { name: 'Agenda' });
    await agenda.getByRole('row').nth(1).getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(/Conference referral S-/);
    await expectAccessible(page, 'referral page');
  });

  await test.step('names the advocate and records the first contact', async () => {
    await expect(page.locator('#current-advocate')).toHaveText('No advocate named yet.');
    await page.getByLabel('Advocate', { exact: true }).selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Name the advocate', exact: true }).click();
    await expect(page.locator('#current-advocate')).not.toHaveText('No advocate named yet.');
    const referredOn = (await page.locator('dt:text-is("Referred on") + dd').innerText()).trim();
    await page.getByLabel('Day of the first contact', { exact: true }).fill(referredOn);
    await page.getByRole('button', { name: 'Record the first contact', exact: true }).click();
    await expect(page.locator('#first-contact-made')).toHaveText(`Made on ${referredOn}`);
    await expectAccessible(page, 'referral with its advocate');
  });

  await test.step('writes the research and shares it at the meeting', async () => {
    await page.getByRole('textbox', { name: "Your agency's research", exact: true }).fill(RESEARCH);
    await page.getByRole('button', { name: 'Save the research', exact: true }).click();
    await expect(page.locator('#own-research')).toHaveText(RESEARCH);
    await expect(page.getByText('sharing cannot be undone')).toBeVisible();
    await page.getByRole('button', { name: 'Share the research at the meeting', exact: true }).click();
    await expect(page.getByText('Shared at the meeting; it can no longer be changed.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save the research', exact: true })).toHaveCount(0);
    await expectAccessible(page, 'referral with shared research');
  });

  await test.step('reads the quarterly dataset', async () => {
    await page.getByRole('link', { name: 'Back to the conference', exact: true }).click();
    await page.getByRole('button', { name: 'Show the dataset', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Quarterly dataset: Lakeside MARAC');
    await expect(page.getByRole('table', { name: /^Cases discussed at meetings closed in the quarter/ })).toBeVisible();
    await expect(page.getByRole('link', { name: /^Download CSV/ })).toBeVisible();
    await expectAccessible(page, 'quarterly dataset');
    await page.getByLabel('Quarter (for example 2026-Q1)', { exact: true }).fill('2026-Q9');
    await page.getByRole('button', { name: 'Show the dataset', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('Quarter (for example 2026-Q1)');
    await expectAccessible(page, 'dataset with a bad quarter');
  });
});
