'use strict';
// Steps several browser tests share: signing in and setting up two-step sign-in.
const { expect } = require('@playwright/test');
const { totp } = require('./totp');
const { expectAccessible } = require('./a11y');

const heading = (page, name) => page.getByRole('heading', { name, exact: true });

async function signIn(page, { username, password }) {
  await page.goto('/sign-in');
  await expect(heading(page, 'Sign in')).toBeVisible();
  await page.getByLabel('User name', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** On "Set up two-step sign-in": reads the secret, enrols, and continues to the home page. */
async function enrolSecondFactor(page, { checkAccessibility }) {
  await expect(heading(page, 'Set up two-step sign-in')).toBeVisible();
  if (checkAccessibility) await expectAccessible(page, 'set up two-step sign-in');
  const secret = (await page.locator('#totp-secret').innerText()).trim();
  expect(secret, 'the TOTP secret shown in #totp-secret is base32').toMatch(/^[A-Z2-7][A-Z2-7=\s-]*$/i);

  await page.getByLabel('Code from your app', { exact: true }).fill(totp(secret));
  await page.getByRole('button', { name: 'Turn on two-step sign-in', exact: true }).click();

  await expect(heading(page, 'Your recovery codes')).toBeVisible();
  if (checkAccessibility) await expectAccessible(page, 'recovery codes');
  await page.getByRole('link', { name: 'Continue', exact: true }).click();
  await expect(heading(page, 'Needs my attention')).toBeVisible();
  return secret;
}

module.exports = { heading, signIn, enrolSecondFactor };
