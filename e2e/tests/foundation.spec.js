'use strict';
// Foundation journey: sign-in with a second factor, navigation, agencies, users, sign-out,
// replay-safe second sign-in, and the new agency administrator's own enrolment — each page checked with
// axe-core. `concord serve` never exempts demo accounts from the second factor.
const { test, expect } = require('@playwright/test');
const { totp, STEP_SECONDS } = require('../lib/totp');
const { heading, signIn, enrolSecondFactor } = require('../lib/flows');
const { expectAccessible } = require('../lib/a11y');

const ADMIN = { username: 'admin', password: 'concord-demo-2026' };
const NAV_LINKS = ['Home', 'Areas', 'Agencies', 'Users', 'Audit log', 'My account'];

/**
 * The text of a visible error message that contains every one of `parts`: an element with
 * role "alert" (any length), or another short element holding no form controls or labels,
 * so that "Name" in a label and "is required" elsewhere in the form do not add up to one.
 */
async function visibleErrorMessage(page, parts) {
  return page.evaluate((parts) => {
    const text = (el) => el.textContent.replace(/\s+/g, ' ').trim();
    const matches = (el, maxLength) => {
      const t = text(el);
      return t.length <= maxLength && parts.every((p) => t.includes(p)) && el.checkVisibility();
    };
    const alert = [...document.querySelectorAll('[role="alert"]')].find((el) => matches(el, Infinity));
    if (alert) return text(alert);
    const holdsControls = (el) => el.querySelector('input, select, textarea, button, label, fieldset, form') !== null;
    const element = [...document.body.querySelectorAll('*')].find((el) => !holdsControls(el) && matches(el, 160));
    return element ? text(element) : null;
  }, parts);
}

function mainNav(page) {
  return page.getByRole('navigation').filter({ has: page.getByRole('link', { name: 'Agencies', exact: true }) }).first();
}

async function goVia(page, linkName) {
  await mainNav(page).getByRole('link', { name: linkName, exact: true }).click();
}

test('admin enrols a second factor, creates an agency and its administrator, who enrols too', async ({ page, browser, baseURL }) => {
  expect(baseURL, 'global setup provides the base URL of concord serve').toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const stamp = Date.now();
  const agencyName = `E2E Clinic ${stamp}`;
  // A system administrator creates the agency's administrator; only that
  // administrator may then give roles that work with cases.
  const agencyAdmin = {
    username: `e2e-agency-admin-${stamp}`,
    fullName: `E2E Agency Admin ${stamp}`,
    password: `E2e-${stamp}-lantern-harbour-quiet`,
  };
  let adminSecret;

  await test.step('the sign-in page', async () => {
    await page.goto('/sign-in');
    await expect(heading(page, 'Sign in')).toBeVisible();
    await expect(page.getByLabel('User name', { exact: true })).toBeVisible();
    await expect(page.getByLabel('Password', { exact: true })).toBeVisible();
    await expectAccessible(page, 'sign in');
  });

  await test.step('admin signs in and must set up two-step sign-in', async () => {
    await signIn(page, ADMIN);
    adminSecret = await enrolSecondFactor(page, { checkAccessibility: true });
    await expectAccessible(page, 'home');
  });

  await test.step('the navigation', async () => {
    const nav = mainNav(page);
    for (const name of NAV_LINKS) {
      await expect(nav.getByRole('link', { name, exact: true }), `nav link "${name}"`).toBeVisible();
    }
    await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
  });

  await test.step('a new agency without a name is refused', async () => {
    await goVia(page, 'Agencies');
    await expect(page.getByRole('link', { name: 'New agency', exact: true })).toBeVisible();
    await expectAccessible(page, 'agencies');
    await page.getByRole('link', { name: 'New agency', exact: true }).click();
    await expect(heading(page, 'New agency')).toBeVisible();
    await expectAccessible(page, 'new agency');

    await page.getByLabel('Sector', { exact: true }).selectOption('health');
    await page.getByLabel('Governance', { exact: true }).selectOption('government');
    const submit = page.getByRole('button', { name: 'Create agency', exact: true });
    // Skip the browser's own `required` check so that the server's validation is what is tested.
    await page.locator('form').filter({ has: submit }).evaluate((form) => { form.noValidate = true; });
    await submit.click();

    await expect(heading(page, 'New agency')).toBeVisible();
    const message = await visibleErrorMessage(page, ['Name', 'is required']);
    expect(message, 'an error message containing "Name" and "is required"').toBeTruthy();
    await expectAccessible(page, 'new agency with an error');
  });

  await test.step('admin creates an agency', async () => {
    await page.getByRole('textbox', { name: /^Name\b/ }).first().fill(agencyName);
    await page.getByLabel('Sector', { exact: true }).selectOption('health');
    await page.getByLabel('Governance', { exact: true }).selectOption('government');
    await page.getByRole('checkbox', { name: 'Northern Region', exact: true }).check();
    await page.getByRole('button', { name: 'Create agency', exact: true }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText(agencyName);
    await expectAccessible(page, 'agency');
  });

  await test.step('admin creates an administrator for the new agency', async () => {
    await goVia(page, 'Users');
    await expect(page.getByRole('link', { name: 'New user', exact: true })).toBeVisible();
    await expectAccessible(page, 'users');
    await page.getByRole('link', { name: 'New user', exact: true }).click();
    await expect(page.getByLabel('User name', { exact: true })).toBeVisible();
    await expectAccessible(page, 'new user');

    await page.getByLabel('User name', { exact: true }).fill(agencyAdmin.username);
    await page.getByLabel('Full name', { exact: true }).fill(agencyAdmin.fullName);
    await page.getByLabel('Agency', { exact: true }).selectOption({ label: agencyName });
    await expect(page.getByRole('checkbox', { name: 'Caseworker', exact: true })).toHaveCount(0);
    await page.getByRole('checkbox', { name: 'Agency administrator', exact: true }).check();
    await page.getByLabel('Initial password', { exact: true }).fill(agencyAdmin.password);
    await page.getByRole('button', { name: 'Create user', exact: true }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText(agencyAdmin.fullName);
    await expectAccessible(page, 'user');
  });

  await test.step('admin signs out', async () => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(heading(page, 'Sign in')).toBeVisible();
  });

  await test.step('admin signs in again with a code from a later time step', async () => {
    await signIn(page, ADMIN);
    await expect(heading(page, 'Two-step sign-in')).toBeVisible();
    await expectAccessible(page, 'two-step sign-in');
    // The enrolment used the current step and the server refuses a step used before; it
    // accepts the next step, so answer with the code for now + 30 s rather than waiting.
    await page.getByLabel('Code', { exact: true }).fill(totp(adminSecret, Date.now() + STEP_SECONDS * 1000));
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await expect(heading(page, 'Needs my attention')).toBeVisible();
  });

  await test.step('every other page is accessible', async () => {
    await goVia(page, 'Areas');
    await expect(heading(page, 'Areas')).toBeVisible();
    await expectAccessible(page, 'areas');
    await page.getByRole('link', { name: 'New area', exact: true }).click();
    await page.getByRole('button', { name: 'Create area', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('Name: is required');
    await expectAccessible(page, 'new area with errors');
    await goVia(page, 'Areas');
    await page.getByRole('link', { name: /^Edit Lakeside District$/ }).click();
    await expect(heading(page, 'Edit area')).toBeVisible();
    await expectAccessible(page, 'edit area');

    await goVia(page, 'Audit log');
    await expect(heading(page, 'Audit log')).toBeVisible();
    await page.getByLabel('Action', { exact: true }).selectOption('agency.created');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await expect(page.locator('#audit-results')).toContainText('agency.created');
    await expect(page.locator('#audit-results')).not.toContainText('user.created');
    await expectAccessible(page, 'audit log');

    await goVia(page, 'My account');
    await expect(heading(page, 'My account')).toBeVisible();
    await expectAccessible(page, 'my account');
    await page.getByRole('link', { name: 'My sessions', exact: true }).click();
    await expect(page.getByText('(this session)', { exact: true })).toBeVisible();
    await expectAccessible(page, 'my sessions');
    await goVia(page, 'My account');
    await page.getByRole('link', { name: 'API tokens', exact: true }).click();
    await page.getByLabel('Name', { exact: true }).fill('e2e reporting');
    await page.getByRole('button', { name: 'Create token', exact: true }).click();
    await expect(page.locator('#new-token')).toHaveText(/^concord_/);
    await expectAccessible(page, 'API tokens');
    await goVia(page, 'My account');
    await page.getByRole('link', { name: 'Manage', exact: true }).click();
    await expect(page.getByText('Two-step sign-in is on for your account.')).toBeVisible();
    await expectAccessible(page, 'two-step sign-in status');
  });

  await test.step('the new agency administrator signs in and must set up two-step sign-in', async () => {
    const context = await browser.newContext({ baseURL });
    try {
      const agencyAdminPage = await context.newPage();
      await signIn(agencyAdminPage, agencyAdmin);
      await enrolSecondFactor(agencyAdminPage, { checkAccessibility: false });
      await expectAccessible(agencyAdminPage, 'agency administrator home');
    } finally {
      await context.close();
    }
  });
});
