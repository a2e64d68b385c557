'use strict';
// A coordination secretariat runs a meeting of the Lakeside council: attendance, a decision,
// a new action, last meeting's action closed, minutes, and the meeting closed; the body's
// scorecard changes. Every governance page is checked with axe on the way.
const { test, expect } = require('@playwright/test');
const { heading, signIn } = require('../lib/flows');
const { expectAccessible } = require('../lib/a11y');

const PASSWORD = 'concord-demo-2026';
const COUNCIL = 'Lakeside Local Coordination Council';

function isoDate(offsetDays) {
  const d = new Date(Date.now() + offsetDays * 86400000);
  return d.toISOString().slice(0, 10);
}

test('a secretariat runs a meeting and sees the scorecard change', async ({ page }) => {
  let bodyPath;
  let completionBefore;
  let attendanceBefore;

  await test.step('the secretariat opens the council', async () => {
    await signIn(page, { username: 'secretariat', password: PASSWORD });
    await expect(heading(page, 'Needs my attention')).toBeVisible();
    await page.getByRole('navigation').getByRole('link', { name: 'Coordination', exact: true }).click();
    await expect(heading(page, 'Coordination bodies')).toBeVisible();
    await expectAccessible(page, 'coordination bodies');
    await page.getByRole('link', { name: COUNCIL, exact: true }).click();
    await expect(heading(page, COUNCIL)).toBeVisible();
    await expect(page.getByText('Membership of a body gives no access to any survivor')).toBeVisible();
    await expect(page.locator('#members')).toContainText('Joan Keller');
    await expectAccessible(page, 'body page');
    bodyPath = new URL(page.url()).pathname;
  });

  await test.step('reads the scorecard before the meeting', async () => {
    await page.getByRole('link', { name: 'Scorecard', exact: true }).click();
    await expect(heading(page, `Scorecard: ${COUNCIL}`)).toBeVisible();
    await expectAccessible(page, 'scorecard');
    completionBefore = (await page.locator('#score-completion').innerText()).trim();
    attendanceBefore = (await page.locator('#score-attendance').innerText()).trim();
    expect(completionBefore).toMatch(/^\d+%$/);
  });

  await test.step('schedules a meeting for today; open actions join its agenda', async () => {
    await page.getByRole('link', { name: 'Meetings', exact: true }).click();
    await expectAccessible(page, 'meetings');
    await page.getByLabel('Date', { exact: true }).fill(isoDate(0));
    await page.getByLabel('Place', { exact: true }).fill('Lakeside town hall');
    await page.getByLabel('Agenda', { exact: true }).fill('Welcome\nSubgroup reports');
    await page.getByRole('button', { name: 'Schedule meeting', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`Meeting ${isoDate(0)}`);
    const carried = page.locator('#carried');
    await expect(carried).toContainText('Map interpreters available to all agencies');
    await expect(carried).toContainText('Agree a shared referral form with the shelter');
    await expect(carried).toContainText(/carried over \d+ times/);
    await expectAccessible(page, 'meeting page');
  });

  await test.step('records attendance, a decision and a new action', async () => {
    await page.getByRole('button', { name: 'Save attendance', exact: true }).click();
    await expect(page.locator('#attendance')).toBeVisible();
    await page.getByLabel('Decision', { exact: true }).fill('The council adopts the interpreter map.');
    await page.getByRole('button', { name: 'Add decision', exact: true }).click();
    await expect(page.locator('#decisions')).toContainText('adopts the interpreter map');
    await page.getByText('Add an action', { exact: true }).click();
    await page.getByLabel('Action', { exact: true }).fill('Print the pathway in three languages');
    await page.getByLabel('Owner agency', { exact: true }).selectOption({ label: "Safe Haven Women's Shelter" });
    await page.getByLabel('Due on', { exact: true }).fill(isoDate(30));
    await page.getByLabel('Ecological level', { exact: true }).selectOption('community');
    await page.getByRole('button', { name: 'Add action', exact: true }).click();
    await expect(page.locator('#new-actions')).toContainText('Print the pathway in three languages');
  });

  await test.step("closes last meeting's action and the meeting", async () => {
    const item = page.locator('#carried li', { hasText: 'Map interpreters available to all agencies' });
    await item.getByLabel(/^Status/).selectOption('done');
    await item.getByLabel(/^Why/).fill('Map shared with every agency');
    await item.getByRole('button', { name: 'Record', exact: true }).click();
    await expect(page.locator('#carried li', { hasText: 'Map interpreters' })).toContainText('Done');
    await page.getByRole('textbox', { name: 'Minutes', exact: true }).fill('Quorate. Actions reviewed one by one.');
    await page.getByRole('button', { name: 'Save minutes', exact: true }).click();
    await expect(page.locator('#minutes')).toContainText('Quorate');
    await page.getByRole('button', { name: 'Close the meeting', exact: true }).click();
    await expect(page.locator('.page-head')).toContainText('closed');
    await expect(page.getByRole('button', { name: 'Close the meeting' })).toHaveCount(0);
    await expectAccessible(page, 'closed meeting');
  });

  await test.step('the scorecard has changed', async () => {
    await page.getByRole('link', { name: 'Scorecard', exact: true }).click();
    const completionAfter = (await page.locator('#score-completion').innerText()).trim();
    const attendanceAfter = (await page.locator('#score-attendance').innerText()).trim();
    expect(`${completionAfter} ${attendanceAfter}`).not.toEqual(`${completionBefore} ${attendanceBefore}`);
    expect(parseInt(completionAfter, 10)).toBeGreaterThan(parseInt(completionBefore, 10));
  });

  await test.step('the other governance pages are accessible', async () => {
    await page.goto(`${bodyPath}/plan`);
    await expect(page.getByText('What the plan covers', { exact: true })).toBeVisible();
    await expectAccessible(page, 'action plan');
    await page.goto(`${bodyPath}/instruments`);
    await expectAccessible(page, 'instruments');
    await page.getByRole('link', { name: 'Lakeside referral pathway', exact: true }).click();
    await expect(page.getByText('In consultation').first()).toBeVisible();
    await expectAccessible(page, 'instrument');
    await page.goto(`${bodyPath}/assessments`);
    await expect(page.locator('svg[role="img"]')).toBeVisible();
    await expectAccessible(page, 'self-assessment');
    await page.goto('/governance/matrix');
    await expectAccessible(page, 'ESP governance matrix');
  });
});
