// The server the Playwright journeys run against: the real app on a fresh, throw-away PGlite
// database, so every run starts from the seeded demo city and leaves nothing behind.
// Builds the web app first when dist/web is missing or older than its sources.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWebIfNeeded } from './web-build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webDir = path.join(root, 'dist', 'web');
const port = process.env.E2E_PORT || '18180';

buildWebIfNeeded(root);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'heat-steward-e2e-'));
const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, DATA_DIR: dataDir, PORT: port, HOST: '127.0.0.1', WEB_DIR: webDir, LOG_LEVEL: process.env.LOG_LEVEL || 'warn', DATABASE_URL: '',
    // Every journey signs in from 127.0.0.1; the production limit of 10 a minute would trip them.
    SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' },
});

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  // Let the server close PGlite cleanly before its directory goes away.
  server.kill(signal);
  setTimeout(() => server.kill('SIGKILL'), 10_000).unref();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
server.on('exit', (code, signal) => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0)));
});
