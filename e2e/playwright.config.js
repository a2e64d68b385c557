'use strict';
// Browser tests run in the system's Chromium (Debian package `chromium`); Playwright never
// downloads a browser of its own. global-setup.js starts `concord serve` and sets
// CONCORD_E2E_BASE_URL before the workers start, so they read it here as `baseURL`.
const { defineConfig } = require('@playwright/test');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

module.exports = defineConfig({
  testDir: './tests',
  globalSetup: require.resolve('./global-setup.js'),
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 180_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    baseURL: process.env.CONCORD_E2E_BASE_URL,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CONCORD_E2E_CHROMIUM || '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
