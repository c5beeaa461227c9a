// Builds the web app into dist/web when it is missing or older than its sources.
// Shared by `npm start` and the e2e server so neither serves a stale bundle.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function newestMtime(entry) {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

export function webIsStale(root = process.cwd()) {
  const built = path.join(root, 'dist/web/index.html');
  if (!fs.existsSync(built)) return true;
  // The bundle is made of web/, the server code it imports (kernel constants and contracts) and the build config.
  const modules = path.join(root, 'server/modules');
  const contracts = fs
    .readdirSync(modules, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => fs.readdirSync(path.join(modules, d.name)).filter((f) => f.endsWith('.contract.ts')).map((f) => path.join(modules, d.name, f)));
  const sources = ['web', 'server/kernel', 'vite.config.ts', 'package-lock.json'].map((p) => newestMtime(path.join(root, p)));
  return Math.max(...sources, ...contracts.map(newestMtime)) > fs.statSync(built).mtimeMs;
}

export function buildWebIfNeeded(root = process.cwd()) {
  if (!webIsStale(root)) return;
  console.log('Building the web app (vite build)… 正在构建网页…');
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}

if (import.meta.url === `file://${process.argv[1]}`) buildWebIfNeeded();
