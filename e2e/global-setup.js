'use strict';
// Global setup for the browser tests: seeds the demo district into a fresh SQLite database
// in a temporary data directory, starts `concord serve` on a free loopback port, waits until
// GET /healthz answers 200, and hands the base URL to the tests through
// CONCORD_E2E_BASE_URL (read by playwright.config.js as `use.baseURL`). The function it
// returns is the global teardown: it stops the server and removes the directory.
//
// Environment:
//   CONCORD_E2E_BIN       the concord binary (default: ../target/debug/concord)
//   CONCORD_E2E_KEEP=1    keep the temporary data directory (and the server log) afterwards

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { selfCheck } = require('./lib/totp');

const SEED_TIMEOUT_MS = 180_000;
const HEALTH_TRIES = 600; // × HEALTH_INTERVAL_MS: up to a minute for a debug build to start
const HEALTH_INTERVAL_MS = 100;
const STOP_GRACE_MS = 10_000;

function binaryPath() {
  const configured = process.env.CONCORD_E2E_BIN;
  const bin = configured ? path.resolve(configured) : path.resolve(__dirname, '..', 'target', 'debug', 'concord');
  try {
    fs.accessSync(bin, fs.constants.X_OK);
  } catch {
    throw new Error(`concord binary not found or not executable at ${bin}; build it first with \`cargo build -p concord\` (or set CONCORD_E2E_BIN)`);
  }
  return bin;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForHealthy(baseURL, child, logFile) {
  let lastProblem = 'no answer yet';
  for (let attempt = 0; attempt < HEALTH_TRIES; attempt++) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`concord serve exited early (code ${child.exitCode}, signal ${child.signalCode}); its output:\n${tail(logFile)}`);
    }
    try {
      const response = await fetch(`${baseURL}/healthz`, { signal: AbortSignal.timeout(2_000), redirect: 'manual' });
      if (response.status === 200) return;
      lastProblem = `GET /healthz answered ${response.status}`;
    } catch (error) {
      lastProblem = `GET /healthz failed: ${error.cause?.code || error.message}`;
    }
    await delay(HEALTH_INTERVAL_MS);
  }
  throw new Error(`concord serve did not become healthy after ${HEALTH_TRIES} tries (${lastProblem}); its output:\n${tail(logFile)}`);
}

function stopServer(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

module.exports = async function globalSetup() {
  selfCheck(); // the tests' authenticator must be right before any test relies on it

  const bin = binaryPath();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-e2e-'));
  const database = `sqlite://${dataDir}/e2e.db`;
  const keep = process.env.CONCORD_E2E_KEEP === '1';
  const cleanupDir = () => {
    if (!keep) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const seed = spawnSync(bin, ['demo', '--seed-only', '--database', database, '--data-dir', dataDir], {
    encoding: 'utf8',
    timeout: SEED_TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (seed.error || seed.status !== 0) {
    cleanupDir();
    const why = seed.error ? seed.error.message : `exit code ${seed.status}, signal ${seed.signal}`;
    throw new Error(`\`concord demo --seed-only\` failed (${why}):\n${seed.stdout}\n${seed.stderr}`);
  }

  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const logFile = path.join(dataDir, 'serve.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(
    bin,
    ['serve', '--listen', `127.0.0.1:${port}`, '--database', database, '--data-dir', dataDir],
    { stdio: ['ignore', log, log] },
  );
  fs.closeSync(log);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit); // in case the runner dies before teardown

  try {
    await waitForHealthy(baseURL, child, logFile);
  } catch (error) {
    await stopServer(child);
    cleanupDir();
    throw error;
  }

  process.env.CONCORD_E2E_BASE_URL = baseURL;
  // Where flows.js keeps the recovery codes of accounts enrolled in earlier spec files.
  process.env.CONCORD_E2E_DATA_DIR = dataDir;
  console.log(`concord serve is up at ${baseURL} (data dir ${dataDir})`);

  return async function globalTeardown() {
    await stopServer(child);
    process.removeListener('exit', killOnExit);
    if (keep) console.log(`kept ${dataDir} (server log: ${logFile})`);
    cleanupDir();
  };
};
