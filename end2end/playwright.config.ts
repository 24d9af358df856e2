// Browser tests for Qingdan, run in Debian's Chromium (never a downloaded browser).
//
//   cd end2end
//   PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci
//   QINGDAN_BIN=../target/debug/qingdan npx playwright test
//
// QINGDAN_BIN is the built `qingdan` binary (found by itself when unset, see below); LEPTOS_SITE_ROOT and
// LEPTOS_OUTPUT_NAME are passed through when set. Relative paths in both are
// taken from the directory `playwright test` is started in. Every run starts
// the server on a fresh, empty data directory with the bundled sample lists;
// set QINGDAN_E2E_KEEP_DATA=1 to keep that directory after the run.
import { defineConfig } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const HOST = '127.0.0.1';
const PORT = 3100;
const BASE_URL = `http://${HOST}:${PORT}`;

// Without QINGDAN_BIN (as under `cargo leptos end2end`), the debug binary of the
// target dir tools/ use, or of the workspace's own target/, whichever exists.
const defaultBins = [
  path.join(process.env.CARGO_TARGET_DIR ?? path.join(os.homedir(), '.cache', 'qingdan', 'target'), 'debug', 'qingdan'),
  path.resolve(__dirname, '..', 'target', 'debug', 'qingdan'),
];
const rawBin = process.env.QINGDAN_BIN ?? defaultBins.find((p) => fs.existsSync(p));
if (!rawBin) {
  throw new Error(
    'QINGDAN_BIN is not set and no built binary was found: point it at the built qingdan binary, e.g.\n' +
      '  QINGDAN_BIN=../target/debug/qingdan npx playwright test\n' +
      '(the tests start it as `"$QINGDAN_BIN" serve` on ' + BASE_URL + ')',
  );
}
const qingdanBin = path.resolve(rawBin);
if (!fs.existsSync(qingdanBin)) {
  throw new Error(`QINGDAN_BIN=${rawBin} does not exist (resolved to ${qingdanBin}): build the server first`);
}

// The config is loaded by the runner and again by every worker process; the
// workers inherit the runner's environment, so the directory is made once.
/** The password of the test staff accounts (jw: commission, sw: 区商务局, admin: administrator). */
export const STAFF_PASSWORD = 'e2e-staff-password';

const SAMPLE_LIST = path.resolve(__dirname, '..', 'data', 'samples', 'policies.csv');
const DATA_DIR_VAR = '__QINGDAN_E2E_DATA_DIR';
let dataDir = process.env[DATA_DIR_VAR];
if (!dataDir) {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingdan-e2e-'));
  process.env[DATA_DIR_VAR] = dataDir;
  if (!process.env.QINGDAN_E2E_KEEP_DATA) {
    const dir = dataDir;
    process.on('exit', () => {
      try {
        fs.rmSync(dir, { recursive: true, force: true });
      } catch {
        // the server may still be closing its files; a stray temp dir is harmless
      }
    });
  }
}

const serverEnv: Record<string, string> = {
  QINGDAN_ADDR: `${HOST}:${PORT}`,
  QINGDAN_DATA_DIR: dataDir,
  QINGDAN_SAMPLE_DATA: '1',
  // Every test's tips come from 127.0.0.1; the limits themselves are tested in Rust.
  QINGDAN_TIPS_PER_CLIENT: '1000',
  QINGDAN_ANONYMOUS_TIPS_PER_CLIENT: '1000',
};
if (process.env.LEPTOS_SITE_ROOT) {
  serverEnv.LEPTOS_SITE_ROOT = path.resolve(process.env.LEPTOS_SITE_ROOT);
}
if (process.env.LEPTOS_OUTPUT_NAME) {
  serverEnv.LEPTOS_OUTPUT_NAME = process.env.LEPTOS_OUTPUT_NAME;
}

export default defineConfig({
  testDir: 'tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  forbidOnly: !!process.env.CI,
  use: {
    baseURL: BASE_URL,
    locale: 'zh-CN',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    {
      name: 'js',
      testMatch: '**/*.spec.ts',
      testIgnore: '**/*.nojs.spec.ts',
      use: { browserName: 'chromium', javaScriptEnabled: true },
    },
    {
      name: 'nojs',
      testMatch: '**/*.nojs.spec.ts',
      use: { browserName: 'chromium', javaScriptEnabled: false },
    },
  ],
  webServer: {
    // The shell expands $QINGDAN_BIN from the environment set below.
    // Staff accounts for the complaint and admin tests exist before the portal starts.
    command:
      // The sample list first: unit accounts join units that exist (the list brings them).
      `"$QINGDAN_BIN" import policies '${SAMPLE_LIST}' && ` +
      '"$QINGDAN_BIN" user add --role commission --name 纪委干部 --email jw@example.com jw && ' +
      '"$QINGDAN_BIN" user add --role unit --unit 区商务局 --name 商务局核查员 sw && ' +
      '"$QINGDAN_BIN" user add --role admin --name 系统管理员 admin && ' +
      '"$QINGDAN_BIN" serve',
    env: { ...serverEnv, QINGDAN_BIN: qingdanBin, QINGDAN_PASSWORD: STAFF_PASSWORD },
    // The repository root, so a default LEPTOS_SITE_ROOT of target/site resolves.
    cwd: path.resolve(__dirname, '..'),
    url: `${BASE_URL}/api/v1/policies?limit=1`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  },
});
