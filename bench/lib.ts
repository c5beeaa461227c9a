/**
 * Shared pieces of the benchmarks: a fresh PostgreSQL database, the real server started on it as
 * a child process, autocannon runs, and a results file. Every scenario reports its numbers beside
 * a bare baseline measured in the same run, because this machine is shared and noisy.
 */
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';

export const BENCH_BASE_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

export function dbUrl(name: string): string {
  const u = new URL(BENCH_BASE_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Drop and create a database for one benchmark; returns its URL. */
export async function freshDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: BENCH_BASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return dbUrl(name);
}

export async function databaseExists(name: string): Promise<boolean> {
  const admin = new pg.Client({ connectionString: BENCH_BASE_URL });
  await admin.connect();
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  await admin.end();
  return (rowCount ?? 0) > 0;
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Start the real server on a database, with the baseline endpoints and no demo seed or jobs. */
export async function startServer(databaseUrl: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const port = 18400 + Math.floor(Math.random() * 500);
  // BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=.tmp/prof' profiles the server (Node refuses --cpu-prof in NODE_OPTIONS).
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), BENCH_ENDPOINTS: 'true', SEED_DEMO: 'false', RUN_JOBS: 'false', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  // Up to 3 minutes: on this shared 2-core machine a start (tsx + migrations) can take over one.
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null) throw new Error('server exited during start-up');
    if (i === 360) throw new Error(`server not answering ${url}/api/health after 3 minutes`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    child,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

export interface LoadResult {
  name: string;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  total: number;
}

export async function load(
  name: string,
  opts: { url: string; connections?: number; duration?: number; method?: 'GET' | 'POST'; body?: string; headers?: Record<string, string>; requests?: autocannon.Request[] },
): Promise<LoadResult> {
  const result = await autocannon({
    url: opts.url,
    connections: opts.connections ?? 10,
    duration: opts.duration ?? 10,
    method: opts.method ?? 'GET',
    ...(opts.body !== undefined && { body: opts.body }),
    headers: { 'content-type': 'application/json', ...(opts.headers ?? {}) },
    ...(opts.requests && { requests: opts.requests }),
  });
  return {
    name,
    requestsPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    total: result.requests.total,
  };
}

/** CPU time of a process so far, in ms (utime + stime from /proc), or NaN once it is gone. */
function cpuMsOf(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}
const CLOCK_TICKS = Number(execSync('getconf CLK_TCK').toString().trim()) || 100;

/** Every local PostgreSQL process (backends, WAL writer, checkpointer…); none when it runs elsewhere. */
function postgresPids(): number[] {
  try {
    return execSync('pgrep -u postgres postgres').toString().trim().split('\n').map(Number);
  } catch {
    return [];
  }
}

/**
 * A load run with the CPU it cost per request: the server's Node process and the local
 * PostgreSQL's processes. On a shared, noisy machine these move far less than req/s between runs,
 * and they show which side a change made cheaper.
 */
export async function withCpu(server: RunningServer, run: () => Promise<LoadResult>): Promise<LoadResult & { nodeMsPerReq: number; pgMsPerReq: number }> {
  const pgSum = () => postgresPids().map(cpuMsOf).filter((ms) => !Number.isNaN(ms)).reduce((a, b) => a + b, 0);
  const [node0, pg0] = [cpuMsOf(server.child.pid!), pgSum()];
  const result = await run();
  const perReq = (ms: number) => Math.round((ms / Math.max(result.total, 1)) * 100) / 100;
  return { ...result, nodeMsPerReq: perReq(cpuMsOf(server.child.pid!) - node0), pgMsPerReq: perReq(pgSum() - pg0) };
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** Print a result table and keep it in bench/results/<name>.json (git-ignored) for docs/benchmarks.md. */
export function report(name: string, rows: object[], notes: string[] = []): void {
  fs.mkdirSync(path.resolve('bench/results'), { recursive: true });
  const out = { name, at: new Date().toISOString(), machine: machine(), rows, notes };
  fs.writeFileSync(path.resolve('bench/results', `${name}.json`), JSON.stringify(out, null, 2));
  console.log(`\n## ${name} — ${out.at}\n${out.machine}`);
  console.table(rows);
  for (const n of notes) console.log(`- ${n}`);
}
