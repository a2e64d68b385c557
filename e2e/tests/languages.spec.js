'use strict';
// The reader's language in a browser: the switcher (plain links, no JavaScript) turns the sign-in
// page and, once signed in, the home and account pages into Arabic, right to left, each checked
// with axe-core and the contrast check; the choice is kept for the next page.
const { test, expect } = require('@playwright/test');
const { heading, signInFully } = require('../lib/flows');
const { expectAccessible } = require('../lib/a11y');

const ADMIN = { username: 'admin', password: 'concord-demo-2026' };

test('Arabic pages read right to left and pass the accessibility checks', async ({ page }) => {
  await test.step('the sign-in page in Arabic, by the switcher', async () => {
    await page.goto('/sign-in');
    await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'العربية' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(heading(page, 'تسجيل الدخول')).toBeVisible();
    await expect(page.getByLabel('اسم المستخدم', { exact: true })).toBeVisible();
    await expectAccessible(page, 'sign in (ar)');
  });

  await test.step('back to English to sign in, then Arabic once signed in', async () => {
    await page.getByRole('navigation', { name: 'اللغة' }).getByRole('link', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await signInFully(page, ADMIN);
    await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'العربية' }).click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(heading(page, 'ما يحتاج إلى اهتمامي')).toBeVisible();
    await expectAccessible(page, 'home (ar)');
  });

  await test.step('the choice is kept: My account in Arabic, mirrored', async () => {
    await page.getByRole('link', { name: 'حسابي', exact: true }).click();
    await expect(heading(page, 'حسابي')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    // Mirrored: the brand starts the header on the right.
    const brand = await page.locator('.brand').boundingBox();
    const viewport = page.viewportSize();
    expect(brand.x + brand.width).toBeGreaterThan(viewport.width / 2);
    await expectAccessible(page, 'my account (ar)');
    await page.getByRole('navigation', { name: 'اللغة' }).getByRole('link', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');
  });
});
