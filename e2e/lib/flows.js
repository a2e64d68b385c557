'use strict';
// Steps several browser tests share: signing in and setting up two-step sign-in.
const { expect } = require('@playwright/test');
const fs = require('node:fs');
const path = require('node:path');
const { totp } = require('./totp');
const { expectAccessible } = require('./a11y');

const heading = (page, name) => page.getByRole('heading', { name, exact: true });

async function signIn(page, { username, password }) {
  page.concordUsername = username;
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
  const codes = (await page.locator('ul.recovery-codes code').allInnerTexts()).map((c) => c.trim());
  expect(codes.length, 'recovery codes are shown').toBeGreaterThan(0);
  rememberRecoveryCodes(page, codes);
  await page.getByRole('link', { name: 'Continue', exact: true }).click();
  await expect(heading(page, 'Needs my attention')).toBeVisible();
  return secret;
}

// Spec files run one after another against one server, so an account enrolled in one file is
// challenged in the next. Each enrolment keeps its recovery codes in the run's data folder
// (set by global-setup.js); a later sign-in spends one, so no spec waits for a new TOTP step.
function codesFile(username) {
  const dir = process.env.CONCORD_E2E_DATA_DIR;
  if (!dir) throw new Error('CONCORD_E2E_DATA_DIR is not set (global-setup.js sets it)');
  return path.join(dir, `recovery-codes-${username}.json`);
}

function rememberRecoveryCodes(page, codes) {
  if (!page.concordUsername) return;
  fs.writeFileSync(codesFile(page.concordUsername), JSON.stringify(codes));
}

/** Signs in and completes two-step sign-in whichever way the account stands: enrolling it
 * the first time, or answering the challenge with a recovery code kept from its enrolment. */
async function signInFully(page, { username, password, checkAccessibility = false }) {
  await signIn(page, { username, password });
  const enrol = heading(page, 'Set up two-step sign-in');
  const challenge = heading(page, 'Two-step sign-in');
  const home = heading(page, 'Needs my attention');
  await expect(enrol.or(challenge).or(home)).toBeVisible();
  if (await enrol.isVisible()) {
    return enrolSecondFactor(page, { checkAccessibility });
  }
  if (await challenge.isVisible()) {
    const codes = JSON.parse(fs.readFileSync(codesFile(username), 'utf8'));
    const code = codes.shift();
    fs.writeFileSync(codesFile(username), JSON.stringify(codes));
    await page.getByLabel('Code', { exact: true }).fill(code);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
  }
  await expect(home).toBeVisible();
  return null;
}

module.exports = { heading, signIn, signInFully, enrolSecondFactor };
