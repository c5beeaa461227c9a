import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT || 18180);
const baseURL = `http://127.0.0.1:${port}`;

/**
 * The e2e journeys run in Debian's Chromium (never a downloaded browser) against the real app on
 * a fresh temporary database (scripts/e2e-server.mjs). One worker: the journeys share that
 * database and the sign-in rate limits.
 */
export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  // Per port: several people may run the journeys at once on one machine (each with its own
  // E2E_PORT), and Playwright empties its output folder when a run starts.
  outputDir: `test-results/e2e-${port}`,
  use: {
    baseURL,
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: 'node scripts/e2e-server.mjs',
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    env: { E2E_PORT: String(port) },
  },
});
