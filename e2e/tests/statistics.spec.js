'use strict';
// An analyst opens Statistics from the menu, sees the national overview (each region's figures
// side by side, a bar chart and a monthly trend each beside a table of the same figures), and
// drills down from the nation to the Southern Region and on to Coastal District by the links in
// the table's header; the filters follow in the URL, which holds codes only. Every page is
// checked with axe.
const { test, expect } = require('@playwright/test');
const { heading, signInFully } = require('../lib/flows');
const { expectAccessible } = require('../lib/a11y');

const PASSWORD = 'concord-demo-2026';

test('an analyst drills down from the nation to a district', async ({ page }) => {
  await signInFully(page, { username: 'analyst', password: PASSWORD });

  await test.step('the national overview', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Statistics', exact: true }).click();
    await expect(heading(page, 'Incident statistics (GBVIMS)')).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: /^Kelvara, / })).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Northern Region' })).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Southern Region' })).toBeVisible();
    await expect(page.getByRole('table', { name: /^Counted incidents by month: Kelvara/ })).toBeVisible();
    await expect(page.getByRole('term').filter({ hasText: 'Not counted' })).toBeVisible();
    await expectAccessible(page, 'statistics: nation');
  });

  await test.step('a region', async () => {
    await page.getByRole('columnheader', { name: 'Southern Region' }).getByRole('link').click();
    await expect(page.getByRole('heading', { level: 2, name: /^Southern Region, / })).toBeVisible();
    expect(new URL(page.url()).searchParams.get('area')).toBe('KV-S');
    await expectAccessible(page, 'statistics: region');
  });

  await test.step('a district, by another breakdown', async () => {
    await page.getByRole('columnheader', { name: 'Coastal District' }).getByRole('link').click();
    await expect(page.getByRole('heading', { level: 2, name: /^Coastal District, / })).toBeVisible();
    await page.getByLabel('Breakdown', { exact: true }).selectOption('age_group');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await expect(page.getByRole('rowheader', { name: '12–17' })).toBeVisible();
    const url = new URL(page.url());
    expect(url.searchParams.get('area')).toBe('KV-S-COA');
    expect(url.searchParams.get('breakdown')).toBe('age_group');
    await expect(page.getByRole('navigation', { name: 'Areas from the nation down' })
      .getByRole('link', { name: 'Kelvara' })).toBeVisible();
    await expectAccessible(page, 'statistics: district');
  });
});
