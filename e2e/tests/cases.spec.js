'use strict';
// A caseworker registers a survivor, records an incident through the classification
// questions, records consent to share with a health centre and writes a safety plan; an
// officer of another agency, without consent, cannot open the case.
const { test, expect } = require('@playwright/test');
const { heading, signInFully } = require('../lib/flows');
const { expectAccessible } = require('../lib/a11y');

const PASSWORD = 'concord-demo-2026';

function isoDate(offsetDays) {
  const d = new Date(Date.now() + offsetDays * 86400000);
  return d.toISOString().slice(0, 10);
}

test('a caseworker opens a case; another agency without consent cannot see it', async ({ page, browser, baseURL }) => {
  let caseUrl;

  await test.step('the caseworker signs in and registers a survivor', async () => {
    await signInFully(page, { username: 'shelter.caseworker', password: PASSWORD });
    await page.getByRole('navigation').getByRole('link', { name: 'Cases', exact: true }).click();
    await expect(heading(page, 'Cases')).toBeVisible();
    await expectAccessible(page, 'caseload');
    await page.getByRole('link', { name: 'Register a survivor', exact: true }).click();
    await expectAccessible(page, 'register a survivor');
    await page.getByLabel('Name', { exact: true }).fill('Browser Test Survivor');
    await page.getByLabel('Date of birth', { exact: true }).fill('1990-04-12');
    await page.getByLabel('Number, address or trusted person', { exact: true }).fill('+000 555 0123');
    await page.getByLabel('Code word', { exact: true }).fill('lighthouse');
    await page.getByRole('button', { name: 'Register and open a case', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(/Case S-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    await expect(page.getByText('Browser Test Survivor')).toBeVisible();
    caseUrl = new URL(page.url()).pathname;
    expect(caseUrl, 'no personal data in the URL').not.toContain('Browser');
    expect(await page.title()).not.toContain('Browser Test Survivor');
  });

  await test.step('records an incident through the classification questions', async () => {
    await page.getByRole('link', { name: 'Record an incident', exact: true }).click();
    // One question at a time; the first "yes" decides the type.
    const rape = page.getByRole('group', { name: /penetration, however slight/ });
    await rape.getByRole('button', { name: 'No', exact: true }).click();
    const contact = page.getByRole('group', { name: /unwanted sexual contact/ });
    await contact.getByRole('button', { name: 'Yes', exact: true }).click();
    await expect(page.locator('#incident-type')).toHaveText('Sexual assault');
    await expect(page.getByRole('group', { name: /physical assault/ })).toHaveCount(0);
    await expectAccessible(page, 'incident form');
    await page.getByLabel('Date of the incident', { exact: true }).fill(isoDate(-2));
    await page.getByLabel('Date first reported', { exact: true }).fill(isoDate(0));
    await page.getByLabel("Perpetrator's relationship to her", { exact: true }).selectOption('former_partner');
    await page.getByLabel("Perpetrator's sex", { exact: true }).selectOption('male');
    await page.getByLabel("Perpetrator's age group", { exact: true }).selectOption('26_40');
    await page.getByRole('button', { name: 'Record incident', exact: true }).click();
    await expect(page.getByRole('heading', { level: 3 })).toContainText('Sexual assault');
    await expect(page.getByRole('alert').first()).toContainText('hours left');
  });

  await test.step('records consent to share with the health centre', async () => {
    await page.getByText('Record consent to share', { exact: true }).click();
    await page.getByLabel('Share with', { exact: true }).first().selectOption({ label: 'Lakeside General Hospital One-Stop Centre' });
    await page.locator('#consent-purposes-referral_for_services').check();
    await page.locator('#consent-categories-identity_and_contact').check();
    await page.locator('#consent-categories-incident').check();
    await page.locator('#field-valid_until').fill(isoDate(30));
    await page.getByRole('button', { name: 'Record consent', exact: true }).click();
    await expect(page.locator('#consent')).toContainText('Lakeside General Hospital One-Stop Centre');
  });

  await test.step('writes a safety plan', async () => {
    await page.getByText('Write a section of the safety plan', { exact: true }).click();
    await page.getByLabel('Section', { exact: true }).selectOption('leaving_plan');
    await page.getByLabel('What she and you agreed', { exact: true }).fill('Bag with documents kept at her sister\'s; taxi number saved.');
    await page.getByRole('button', { name: 'Save section', exact: true }).click();
    await expect(page.locator('#safety-plan')).toContainText('taxi number saved');
    await expectAccessible(page, 'case page');
  });

  await test.step('a police officer without consent cannot open the case', async () => {
    const context = await browser.newContext({ baseURL });
    try {
      const officer = await context.newPage();
      await signInFully(officer, { username: 'police.officer', password: PASSWORD });
      const response = await officer.goto(caseUrl);
      expect(response.status()).toBe(403);
      await expect(heading(officer, 'You cannot open this case')).toBeVisible();
      await expect(officer.getByText('Browser Test Survivor')).toHaveCount(0);
      await expectAccessible(officer, 'case refused');
    } finally {
      await context.close();
    }
  });
});
