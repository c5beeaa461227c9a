// `npm test`: module tests on PGlite, again on PostgreSQL, then the Playwright journeys in Debian
// Chromium. What cannot run here (no PostgreSQL, no Chromium) is skipped and said plainly; with
// CI=true (set by .ci/run) a skip is a failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';

const strict = process.env.CI === 'true' || process.env.CI === '1';
const results = [];
fs.mkdirSync('.tmp', { recursive: true });

function run(name, cmd, args, env = {}, reportFile) {
  console.log(`\n━━ ${name} ━━`);
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const counts = reportFile && fs.existsSync(reportFile) ? readCounts(reportFile) : undefined;
  results.push({ name, ok: res.status === 0, counts });
}

function readCounts(file) {
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  if ('numPassedTests' in r) return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
  const s = r.stats ?? {};
  return { passed: s.expected ?? 0, failed: (s.unexpected ?? 0) + (s.flaky ?? 0), skipped: s.skipped ?? 0 };
}

function skip(name, why) {
  console.log(`\n━━ ${name} ━━\nSKIPPED: ${why}`);
  results.push({ name, ok: !strict, skipped: why });
}

async function postgresUrl() {
  const url = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return url;
  } catch (err) {
    return { error: `${url}: ${err.message}` };
  }
}

const vitest = ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json'];
run('module tests on PGlite', process.execPath, [...vitest, '--outputFile=.tmp/vitest-pglite.json'], { TEST_DB: 'pglite' }, '.tmp/vitest-pglite.json');

const pgUrl = await postgresUrl();
if (typeof pgUrl === 'string') {
  run('module tests on PostgreSQL', process.execPath, [...vitest, '--outputFile=.tmp/vitest-pg.json'], { TEST_DB: 'pg', TEST_DATABASE_URL: pgUrl }, '.tmp/vitest-pg.json');
} else {
  skip('module tests on PostgreSQL', `no PostgreSQL answered (${pgUrl.error}); set TEST_DATABASE_URL`);
}

if (fs.existsSync('/usr/bin/chromium')) {
  run('e2e journeys in Chromium', process.execPath, ['node_modules/@playwright/test/cli.js', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: '.tmp/playwright.json' }, '.tmp/playwright.json');
} else {
  skip('e2e journeys in Chromium', 'no /usr/bin/chromium (Debian: apt-get install chromium fonts-wqy-microhei)');
}

console.log('\n━━ summary ━━');
const total = { passed: 0, failed: 0, skipped: 0 };
for (const r of results) {
  const c = r.counts;
  if (c) for (const k of Object.keys(total)) total[k] += c[k];
  const state = r.skipped ? (strict ? 'FAILED (skipped under CI)' : 'skipped') : r.ok ? 'ok' : 'FAILED';
  console.log(`${state.padEnd(26)} ${r.name}${c ? `: ${c.passed} passed, ${c.failed} failed` : ''}${r.skipped ? ` — ${r.skipped}` : ''}`);
}
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
