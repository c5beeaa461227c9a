import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { systemActor } from '../kernel/actor.ts';
import type { Deps } from '../kernel/deps.ts';
import { importHouseholds, problemsWorkbook, type ImportProgress } from '../modules/registry/index.ts';
import { describeLogins, isEmpty, seedDemo } from '../seed/demo.ts';
import { billsCommand } from './bills.ts';

/**
 * The CLI's commands, given an open database: main.ts owns the process (config, lock, exit
 * codes), so tests can run these in-process against their own database.
 */
export const USAGE = `Usage:
  npm run cli -- import households FILE   import households from .xlsx or .csv (docs/import-format.md)
  npm run cli -- demo --households N      fill an empty database with a demo city of N households
  npm run cli -- bills run --season 2026-27 [--batch-size 5000]   run or resume a season's bill run
Uses DATABASE_URL (PostgreSQL) or DATA_DIR (embedded PGlite, default ./data), like the server.`;

export class UsageError extends Error {}

export interface CliContext {
  deps: Deps;
  print: (line: string) => void;
  /** Show progress bars (a terminal); off in tests and pipes. */
  progress: boolean;
}

function bar(ctx: CliContext, format: string) {
  if (!ctx.progress) return undefined;
  return new cliProgress.SingleBar({ format, hideCursor: true, clearOnComplete: false }, cliProgress.Presets.shades_classic);
}

const PHASES: Record<ImportProgress['phase'], string> = { read: 'reading', check: 'checking', write: 'writing', done: 'done' };

async function importCommand(ctx: CliContext, file: string): Promise<number> {
  const full = path.resolve(file);
  if (!fs.existsSync(full)) throw new UsageError(`No such file: ${file}`);
  const progress = bar(ctx, '{phase} |{bar}| {percentage}% · {rows} rows');
  progress?.start(fs.statSync(full).size, 0, { phase: 'reading', rows: 0 });
  const report = await importHouseholds(ctx.deps, { ...systemActor, name: 'cli' }, { path: full, fileName: path.basename(full) }, {
    onProgress: (p) => progress?.update(p.bytes, { phase: PHASES[p.phase], rows: p.rows }),
  }).finally(() => progress?.stop());
  if (report.status === 'applied') {
    ctx.print(`imported ${report.rows} rows: ${report.inserted} new, ${report.updated} updated, ${report.unchanged} unchanged; ` +
      `${report.buildingsCreated} buildings and ${report.entrancesCreated} entrances created (import ${report.importId})`);
    return 0;
  }
  const problemsFile = `${full}.problems.xlsx`;
  fs.writeFileSync(problemsFile, await problemsWorkbook(report));
  ctx.print(`rejected: ${report.badRows} bad row(s), nothing imported. Every problem is in ${problemsFile}`);
  for (const p of report.problems.slice(0, 20)) ctx.print(`  row ${p.row} ${p.column} "${p.value}": ${p.message}`);
  if (report.problems.length > 20) ctx.print(`  … and ${report.problems.length - 20} more`);
  return 1;
}

async function demoCommand(ctx: CliContext, households: number): Promise<number> {
  if (!(await isEmpty(ctx.deps))) throw new UsageError('The database is not empty: use a fresh DATA_DIR or database for the demo city');
  const progress = bar(ctx, 'households |{bar}| {percentage}% · {value}/{total}');
  progress?.start(households, 0);
  const started = Date.now();
  const accounts = await seedDemo(ctx.deps, { households, onProgress: (done) => progress?.update(done) }).finally(() => progress?.stop());
  ctx.print(`demo city of ${households} households seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  ctx.print(describeLogins(accounts));
  return 0;
}

/** Run one command line (without "node main.ts"); returns the exit code. */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'import' && rest[0] === 'households' && rest[1]) return importCommand(ctx, rest[1]);
  if (command === 'bills') return billsCommand(ctx, rest);
  if (command === 'demo') {
    const at = rest.indexOf('--households');
    const n = at >= 0 ? Number(rest[at + 1]) : 3_000;
    if (!Number.isInteger(n) || n < 1 || n > 20_000_000) throw new UsageError('--households needs a whole number between 1 and 20,000,000');
    return demoCommand(ctx, n);
  }
  throw new UsageError(USAGE);
}
