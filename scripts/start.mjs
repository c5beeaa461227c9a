// `npm start`: build the web app if needed, then run the server (API + web) in this process's place.
import { spawn } from 'node:child_process';
import { buildWebIfNeeded } from './web-build.mjs';

buildWebIfNeeded();
const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { stdio: 'inherit' });
// Pass stop signals on so the server closes PGlite cleanly and releases its data-directory lock.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
