'use strict';
// A shelter refers a survivor to the health centre with her consent; the centre accepts,
// records its contact and the service, and closes the referral with feedback; the shelter
// sees the outcome. A caseworker refers a survivor to the outside helpline, prints and exports
// the referral, records what the helpline says, and follows it on her home page until it is
// closed. Every referral page is checked with axe.
const { test, expect } = require('@playwright/test');
const { heading, signIn, signInFully } = require('../lib/flows');
const { expectAccessible } = require('../lib/a11y');

const PASSWORD = 'concord-demo-2026';

function isoDate(offsetDays) {
  const d = new Date(Date.now() + offsetDays * 86400000);
  return d.toISOString().slice(0, 10);
}

test('a shelter refers a survivor to the health centre, which closes the loop', async ({ page, browser, baseURL }) => {
  let referralUrl;

  await test.step('the shelter registers her and records her consent', async () => {
    await signInFully(page, { username: 'shelter.supervisor', password: PASSWORD });
    await page.goto('/cases/new');
    await page.getByLabel('Name', { exact: true }).fill('Referral Browser Survivor');
    await page.getByLabel('Number, address or trusted person', { exact: true }).fill('+000 555 0456');
    await page.getByRole('button', { name: 'Register and open a case', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(/Case S-/);
    await page.getByText('Record consent to share', { exact: true }).click();
    await page.getByLabel('Share with', { exact: true }).first().selectOption({ label: 'Lakeside General Hospital One-Stop Centre' });
    await page.locator('#consent-purposes-referral_for_services').check();
    await page.locator('#consent-categories-identity_and_contact').check();
    await page.locator('#consent-categories-incident').check();
    await page.locator('#field-valid_until').fill(isoDate(30));
    await page.getByRole('button', { name: 'Record consent', exact: true }).click();
    await expect(page.locator('#consent')).toContainText('Lakeside General Hospital One-Stop Centre');
  });

  await test.step('refers her to the health centre', async () => {
    await page.getByRole('link', { name: 'Referrals from this case', exact: true }).click();
    await expect(heading(page, 'Referrals from this case')).toBeVisible();
    await expectAccessible(page, 'referrals from a case');
    await page.getByLabel('Service', { exact: true }).selectOption({ label: 'Lakeside General Hospital One-Stop Centre — Sexual assault care' });
    await page.getByLabel('Urgency', { exact: true }).selectOption('urgent');
    await page.locator('#referral-categories-incident').check();
    await page.getByLabel('Why she is referred and what she needs', { exact: true }).fill('Needs emergency contraception and a forensic examination.');
    await page.getByRole('button', { name: 'Make the referral', exact: true }).click();
    await expect(page.locator('#referral-state')).toHaveText('Sent');
    referralUrl = new URL(page.url()).pathname;
    expect(referralUrl).toMatch(/^\/referrals\/[0-9a-f-]{36}$/);
    expect(await page.title()).not.toContain('Referral Browser Survivor');
    await expectAccessible(page, 'referral (sender)');
  });

  await test.step('the health centre accepts it and closes it with feedback', async () => {
    const context = await browser.newContext({ baseURL });
    try {
      const nurse = await context.newPage();
      await signInFully(nurse, { username: 'hospital.nurse', password: PASSWORD });
      await expect(heading(nurse, 'Referrals to act on')).toBeVisible();
      // Its arrival is a notice on her home page, with a Dismiss button she can see (it was
      // white on white) and that takes the notice away.
      const notice = nurse.locator('#notifications li').filter({ has: nurse.locator(`a[href="${referralUrl}"]`) });
      await expect(notice).toHaveCount(1);
      await expectAccessible(nurse, 'home with notices');
      await notice.getByRole('button', { name: /^Dismiss/ }).click();
      await expect(heading(nurse, 'Referrals to act on')).toBeVisible();
      await expect(nurse.locator('#notifications li').filter({ has: nurse.locator(`a[href="${referralUrl}"]`) })).toHaveCount(0);
      await nurse.locator(`#referrals-to-act-on a[href="${referralUrl}"]`).click();
      await expect(nurse.locator('#referral-reason')).toContainText('emergency contraception');
      await expectAccessible(nurse, 'referral (receiver)');
      await nurse.goto('/referrals?view=received');
      await expectAccessible(nurse, 'received referrals');
      await nurse.goto(referralUrl);
      const steps = [
        ['accept', 'Accepted'],
        ['first_contact', 'First contact made'],
        ['service_delivered', 'Service delivered'],
      ];
      for (const [event, state] of steps) {
        await nurse.locator('#field-event').selectOption(event);
        await nurse.getByRole('button', { name: 'Record this step', exact: true }).click();
        await expect(nurse.locator('#referral-state')).toHaveText(state);
      }
      await nurse.locator('#field-event').selectOption('close');
      await nurse.locator('#field-outcome').selectOption('needs_met');
      await nurse.locator('#field-note').fill('Seen within the hour; follow-up in two weeks.');
      await nurse.getByRole('button', { name: 'Record this step', exact: true }).click();
      await expect(nurse.locator('#referral-state')).toHaveText('Closed');
    } finally {
      await context.close();
    }
  });

  await test.step('the shelter sees the outcome', async () => {
    await page.goto(referralUrl);
    await expect(page.locator('#referral-state')).toHaveText('Closed');
    await expect(page.locator('#referral-outcome')).toHaveText('Needs met');
    await expect(page.locator('#referral-history')).toContainText('Seen within the hour; follow-up in two weeks.');
    await page.goto('/directory');
    await expectAccessible(page, 'directory');
    await page.locator('#field-area').selectOption({ label: 'Riverside District' });
    await page.getByRole('button', { name: 'Show the pathway', exact: true }).click();
    await expect(page.locator('#pathway-gaps')).toContainText('Essential services with no service here');
    await expectAccessible(page, 'pathway');
    await page.goto('/directory/4w');
    await expectAccessible(page, '4W');
  });
});

test('a caseworker refers a survivor to the outside helpline and records its steps until done', async ({ page }) => {
  const HELPLINE = "Kelvara 24-hour Women's Helpline";
  let referralUrl;
  const onHomePage = async () => {
    await page.goto('/');
    return page.locator(`#referrals-to-act-on a[href="${referralUrl}"]`);
  };

  await test.step('she records her consent to the helpline', async () => {
    await signInFully(page, { username: 'shelter.caseworker', password: PASSWORD });
    await page.goto('/cases/new');
    await page.getByLabel('Name', { exact: true }).fill('Outside Browser Survivor');
    await page.getByLabel('Number, address or trusted person', { exact: true }).fill('+000 555 0789');
    await page.getByRole('button', { name: 'Register and open a case', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(/Case S-/);
    await page.getByText('Record consent to share', { exact: true }).click();
    await page.getByLabel('Share with', { exact: true }).first().selectOption({ label: HELPLINE });
    await page.locator('#consent-purposes-referral_for_services').check();
    await page.locator('#consent-categories-identity_and_contact').check();
    await page.locator('#field-valid_until').fill(isoDate(30));
    await page.getByRole('button', { name: 'Record consent', exact: true }).click();
    await expect(page.locator('#consent')).toContainText(HELPLINE);
  });

  await test.step('refers her to the helpline, prints and exports the referral', async () => {
    await page.getByRole('link', { name: 'Referrals from this case', exact: true }).click();
    await page.getByLabel('Service', { exact: true }).selectOption({ label: `${HELPLINE} — Helpline (outside provider, referred by export)` });
    await page.getByLabel('Urgency', { exact: true }).selectOption('routine');
    await page.getByLabel('Why she is referred and what she needs', { exact: true }).fill('Wants someone to talk to at night.');
    await page.getByRole('button', { name: 'Make the referral', exact: true }).click();
    await expect(page.locator('#referral-state')).toHaveText('Sent');
    await expect(page.locator('#referral-outside')).toBeVisible();
    referralUrl = new URL(page.url()).pathname;
    expect(referralUrl).toMatch(/^\/referrals\/[0-9a-f-]{36}$/);
    await expectAccessible(page, 'referral to an outside provider');

    const fhir = await page.request.get(`${referralUrl}/fhir.json`);
    expect(fhir.status()).toBe(200);
    const bundle = await fhir.json();
    expect(bundle.resourceType).toBe('Bundle');
    expect(JSON.stringify(bundle)).toContain(HELPLINE);
    expect(JSON.stringify(bundle)).not.toContain('Outside Browser Survivor');

    await page.getByRole('link', { name: 'Printable referral form', exact: true }).click();
    await expect(page.locator('body')).toContainText('Referral form');
    await expect(page.locator('body')).toContainText('Wants someone to talk to at night.');
    await expectAccessible(page, 'printable referral form');
  });

  await test.step('it waits on her home page while she records the helpline steps', async () => {
    await expect(await onHomePage()).toBeVisible();
    await page.goto(referralUrl);
    await page.locator('#field-event').selectOption('accept');
    await page.locator('#field-note').fill('The helpline called back: accepted.');
    await page.getByRole('button', { name: 'Record this step', exact: true }).click();
    await expect(page.locator('#referral-state')).toHaveText('Accepted');
    await expect(page.locator('#referral-history')).toContainText('recorded by the sending agency for the outside provider');
    await expect(await onHomePage()).toBeVisible();
  });

  await test.step('until she records it closed', async () => {
    await page.goto(referralUrl);
    for (const [event, state] of [['first_contact', 'First contact made'], ['service_delivered', 'Service delivered']]) {
      await page.locator('#field-event').selectOption(event);
      await page.getByRole('button', { name: 'Record this step', exact: true }).click();
      await expect(page.locator('#referral-state')).toHaveText(state);
    }
    await expect(await onHomePage()).toBeVisible();
    await page.goto(referralUrl);
    await page.locator('#field-event').selectOption('close');
    await page.locator('#field-outcome').selectOption('needs_met');
    await page.getByRole('button', { name: 'Record this step', exact: true }).click();
    await expect(page.locator('#referral-state')).toHaveText('Closed');
    await expect(await onHomePage()).toHaveCount(0);
  });
});

test('the secretariat downloads the directory and an invalid HSDS file is refused with its problems', async ({ page }) => {
  await signIn(page, { username: 'secretariat', password: PASSWORD });
  await expect(heading(page, 'Needs my attention')).toBeVisible();
  await page.goto('/directory/hsds');
  await expectAccessible(page, 'HSDS import and export');
  const download = await page.request.get('/directory/hsds.json');
  expect(download.status()).toBe(200);
  const document = await download.json();
  expect(document.hsds_version).toBe('3.0');
  expect(document.services.length).toBeGreaterThan(5);
  const bad = JSON.stringify({ hsds_version: '3.0', services: [{ id: 'x', name: '', minimum_age: 300 }] });
  await page.locator('#field-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('services[0].minimum_age');
  await expect(page.getByRole('alert')).toContainText('services[0].name');
  await expectAccessible(page, 'HSDS import problems');
});
