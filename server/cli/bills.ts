/**
 * `npm run cli -- bills run --season 2026-27 [--batch-size 5000]`: run (or resume) a season's
 * bill run in this process with a progress bar. Safe to interrupt: run it again and it resumes
 * from the last committed batch.
 */
import cliProgress from 'cli-progress';
import { systemActor } from '../kernel/actor.ts';
import type { Deps } from '../kernel/deps.ts';
import { DomainError } from '../kernel/errors.ts';
import { runBillBatches, startBillRun, type BillRunRow } from '../modules/billing/index.ts';

const USAGE = 'usage: bills run --season 2026-27 [--batch-size 5000]';

/** The part of commands.ts's CliContext this command uses (main.ts opens and closes the database). */
export interface BillsCliContext {
  deps: Pick<Deps, 'db' | 'clock' | 'log'>;
  print: (line: string) => void;
  /** Show a cli-progress bar (a terminal); off in tests and pipes. */
  progress: boolean;
}

function parseArgs(args: string[]): { season: string; batchSize?: number } | null {
  if (args[0] !== 'run') return null;
  let season: string | undefined;
  let batchSize: number | undefined;
  for (let i = 1; i < args.length; i++) {
    const [flag, inline] = args[i]!.split('=', 2);
    const value = inline ?? args[++i];
    if (flag === '--season' && value) season = value;
    else if (flag === '--batch-size' && value && /^\d+$/.test(value)) batchSize = Number(value);
    else return null;
  }
  return season ? { season, ...(batchSize !== undefined && { batchSize }) } : null;
}

/** `bills …` (argv after the word "bills"); returns the process exit code. */
export async function billsCommand(ctx: BillsCliContext, args: string[]): Promise<number> {
  const { deps } = ctx;
  const parsed = parseArgs(args);
  if (!parsed) {
    ctx.print(USAGE);
    return 2;
  }
  try {
    const { run, resumed } = await startBillRun(deps, systemActor, parsed);
    ctx.print(`${resumed ? 'Resuming' : 'Starting'} bill run ${run.id} for season ${run.season}: ${run.totalHouseholds} households`);
    const bar = ctx.progress
      ? new cliProgress.SingleBar({ format: 'bills {bar} {percentage}% | {value}/{total} households | {bills} bills | ETA {eta}s' }, cliProgress.Presets.shades_classic)
      : null;
    bar?.start(run.totalHouseholds, run.processedHouseholds, { bills: run.billsCreated });
    const done: BillRunRow = await runBillBatches(deps, systemActor, run.id, (r) => bar?.update(r.processedHouseholds, { bills: r.billsCreated }));
    bar?.stop();
    ctx.print(`Bill run ${done.id} done: ${done.billsCreated} bills, ${(done.amountFen / 100).toFixed(2)} 元 in total`);
    return 0;
  } catch (err) {
    if (err instanceof DomainError) {
      ctx.print(`bills run refused: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
