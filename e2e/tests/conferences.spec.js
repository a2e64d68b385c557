'use strict';
// A risk-conference coordinator refers a case of her own agency, screens the referral, schedules
// an emergency meeting, lists the case, records attendance, an observer who acknowledged
// confidentiality, agrees an action for the police and closes the meeting with minutes. The
// police, who attended, then see the case among those shared with them and record their action
// done. A second case, heard at a meeting held nine days ago (recorded afterwards), where the
// police were present too, is not shared with them: the 7-day window after that meeting has
// passed. (The same share ending between the 7th and the 8th day is tested over HTTP with the
// injectable clock in crates/concord/tests/concord/conferences.rs: the server's clock cannot be
// moved from the browser.) Every page is checked with axe.
const { test, expect } = require('@playwright/test');
const { heading, signInFully } = require('../lib/flows');
const { expectAccessible } = require('../lib/a11y');

const PASSWORD = 'concord-demo-2026';

const dayOffset = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);

/** Registers a survivor in the coordinator's own agency, assesses her at 14 "yes" (visible high
 * risk) and refers her to Lakeside MARAC; returns her reference. */
async function referHighRiskCase(page, { name, contact }) {
  await page.getByRole('navigation').getByRole('link', { name: 'Cases', exact: true }).click();
  await page.getByRole('link', { name: 'Register a survivor', exact: true }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Date of birth', { exact: true }).fill('1990-02-11');
  await page.getByLabel('Number, address or trusted person', { exact: true }).fill(contact);
  await page.getByLabel('Code word', { exact: true }).fill('lantern');
  await page.getByRole('button', { name: 'Register and open a case', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/Case S-/);
  const reference = ((await page.getByRole('heading', { level: 1 }).innerText()).match(/S-[A-Z0-9-]+/) || [''])[0];
  expect(reference).not.toBe('');
  await page.getByRole('link', { name: 'Risk assessments and referrals', exact: true }).click();
  await page.getByLabel('Instrument', { exact: true }).selectOption('dash');
  await page.getByRole('button', { name: 'Assess now', exact: true }).click();
  const yes = page.locator('input[type=radio][value=yes]');
  const no = page.locator('input[type=radio][value=no]');
  for (let i = 0; i < 24; i++) await (i < 14 ? yes.nth(i) : no.nth(i)).check();
  await page.getByLabel('How she sees her own risk', { exact: true }).selectOption('high');
  await page.getByRole('button', { name: 'Save the assessment', exact: true }).click();
  await page.getByRole('link', { name: 'Refer to a risk conference', exact: true }).click();
  await expect(heading(page, 'Refer to a risk conference')).toBeVisible();
  return reference;
}

test('a coordinator screens a referral and runs a meeting', async ({ page, browser, baseURL }) => {
  const today = new Date().toISOString().slice(0, 10);
  let reference = '';
  let heardLate = '';

  await test.step('refers a case with visible high risk', async () => {
    // signInFully: conference_casework.spec.js may have enrolled this account already.
    await signInFully(page, { username: 'marac.coordinator', password: PASSWORD });
    reference = await referHighRiskCase(page, { name: 'Conference Browser Survivor', contact: '+000 555 0177' });
    await expectAccessible(page, 'referral form');
    await page.getByLabel('Conference', { exact: true }).selectOption({ label: 'Lakeside MARAC' });
    await page.getByLabel('Children in her household', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Refer', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(reference);
  });

  await test.step('screens the referral and lists it at an emergency meeting', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Risk conferences', exact: true }).click();
    await expectAccessible(page, 'conferences');
    await page.getByRole('link', { name: 'Lakeside MARAC', exact: true }).click();
    const row = () => page.getByRole('row').filter({ hasText: reference });
    await expect(row()).toContainText('Awaiting screening');
    await expect(row()).toContainText('Visible high risk');
    await expectAccessible(page, 'conference with a referral to screen');
    await row().getByRole('button', { name: /^Accept/ }).click();
    await expect(row()).toContainText('Accepted');
    await page.getByLabel('Emergency', { exact: true }).check();
    await page.getByLabel('Meeting day', { exact: true }).fill(today);
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    await row().getByLabel('Meeting', { exact: true }).selectOption({ label: `${today} (Emergency)` });
    await row().getByRole('button', { name: /^List/ }).click();
    await expect(row()).toContainText('Listed');
  });

  await test.step('runs the meeting: attendance, an observer, minutes', async () => {
    await page.getByRole('link', { name: today, exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Agenda (1)', exact: true })).toBeVisible();
    await expectAccessible(page, 'meeting before it starts');
    const police = page.getByRole('group', { name: 'Lakeside Police Domestic Abuse Unit', exact: true });
    await police.getByLabel('Attendance', { exact: true }).selectOption('present');
    await police.getByLabel('Representative', { exact: true }).fill('DS Browser');
    await page.getByRole('button', { name: 'Record attendance', exact: true }).click();
    await page.getByLabel("Observer's name", { exact: true }).fill('Student Browser');
    await page.getByLabel('Organisation', { exact: true }).fill('Training college');
    await page.getByRole('button', { name: 'Add the observer', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('acknowledge confidentiality');
    await page.getByLabel("Observer's name", { exact: true }).fill('Student Browser');
    await page.getByLabel('Organisation', { exact: true }).fill('Training college');
    await page.getByLabel('The observer acknowledged the confidentiality of the meeting', { exact: true }).check();
    await page.getByRole('button', { name: 'Add the observer', exact: true }).click();
    await expect(page.getByText('Student Browser, Training college')).toBeVisible();
    await expectAccessible(page, 'meeting in progress');
  });

  await test.step('agrees an action for the police', async () => {
    const form = page.getByRole('group', { name: `Agree an action for ${reference}` });
    await form.getByLabel('What is to be done', { exact: true }).fill('Flag the address for urgent response');
    await form.getByLabel('Owner agency', { exact: true }).selectOption({ label: 'Lakeside Police Domestic Abuse Unit' });
    await form.getByLabel('Due on', { exact: true }).fill(today);
    await page.getByRole('button', { name: `Agree the action ${reference}`, exact: true }).click();
    const agreed = page.getByRole('table', { name: `Actions for ${reference}` });
    await expect(agreed).toContainText('Flag the address for urgent response');
    await expect(agreed).toContainText('Lakeside Police Domestic Abuse Unit');
    await expect(agreed).toContainText('Not done');
    await expectAccessible(page, 'meeting with an action');
    await page.getByRole('textbox', { name: 'Minutes', exact: true }).fill('One case discussed; research shared.');
    await page.getByRole('button', { name: 'Close the meeting', exact: true }).click();
    await expect(page.getByText('One case discussed; research shared.')).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: reference })).toContainText('Discussed');
    await expectAccessible(page, 'closed meeting');
  });

  await test.step('records a meeting held nine days ago, with the police present', async () => {
    const nineDaysAgo = dayOffset(-9);
    heardLate = await referHighRiskCase(page, { name: 'Conference Late Survivor', contact: '+000 555 0178' });
    await page.getByLabel('Conference', { exact: true }).selectOption({ label: 'Lakeside MARAC' });
    await page.getByLabel('Children in her household', { exact: true }).fill('0');
    await page.getByRole('button', { name: 'Refer', exact: true }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Risk conferences', exact: true }).click();
    await page.getByRole('link', { name: 'Lakeside MARAC', exact: true }).click();
    const row = () => page.getByRole('row').filter({ hasText: heardLate });
    await row().getByRole('button', { name: /^Accept/ }).click();
    await expect(row()).toContainText('Accepted');
    await page.getByLabel('Regular', { exact: true }).check();
    await page.getByLabel('Meeting day', { exact: true }).fill(nineDaysAgo);
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    await row().getByLabel('Meeting', { exact: true }).selectOption({ label: `${nineDaysAgo} (Regular)` });
    await row().getByRole('button', { name: /^List/ }).click();
    await expect(row()).toContainText('Listed');
    await page.getByRole('link', { name: nineDaysAgo, exact: true }).click();
    // Seven days of access after a meeting held nine days ago: the last day is two days ago.
    await expect(page.getByText('Attending agencies see the listed cases until')).toContainText(dayOffset(-2));
    const police = page.getByRole('group', { name: 'Lakeside Police Domestic Abuse Unit', exact: true });
    await police.getByLabel('Attendance', { exact: true }).selectOption('present');
    await police.getByLabel('Representative', { exact: true }).fill('DS Browser');
    await page.getByRole('button', { name: 'Record attendance', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Agenda (1)', exact: true })).toBeVisible();
  });

  await test.step('the police see the case heard today, not the one whose window has passed, and record their action', async () => {
    const context = await browser.newContext({ baseURL });
    try {
      const officer = await context.newPage();
      await signInFully(officer, { username: 'police.officer', password: PASSWORD });
      await officer.getByRole('navigation').getByRole('link', { name: 'Cases', exact: true }).click();
      await officer.getByRole('link', { name: 'Shared with my agency', exact: true }).click();
      await expect(officer.getByRole('link', { name: reference, exact: true })).toBeVisible();
      await expect(officer.getByRole('link', { name: heardLate, exact: true })).toHaveCount(0);
      await expectAccessible(officer, 'cases shared with the police');

      await officer.getByRole('navigation').getByRole('link', { name: 'Risk conferences', exact: true }).click();
      const row = officer.getByRole('row').filter({ hasText: 'Flag the address for urgent response' });
      await expect(row).toContainText(reference);
      await expectAccessible(officer, 'actions the police own');
      await row.getByLabel('Status', { exact: true }).selectOption('done');
      await row.getByLabel('Why (what changed, if not possible)', { exact: true }).fill('Address flagged on the system.');
      await row.getByRole('button', { name: /^Record/ }).click();
      await expect(officer.getByText('Flag the address for urgent response')).toHaveCount(0);
    } finally {
      await context.close();
    }
  });
});
