import type { JobHandler, JobScheduler } from './kernel/jobs.ts';
import { REPAIRS_SWEEP_JOB, repairsSweepJob, repairsSweepScheduler } from './modules/repairs/index.ts';
import { MODE_CHANGES_JOB, modeChangesJob, modeChangesScheduler } from './modules/tenure/index.ts';

/**
 * Every background job kind and every recurring scheduler, registered by hand like the routes
 * in app.ts: modules export their handlers through index.ts and are listed here.
 */
export const jobHandlers: Record<string, JobHandler> = {
  [MODE_CHANGES_JOB]: modeChangesJob,
  [REPAIRS_SWEEP_JOB]: repairsSweepJob,
};
export const jobSchedulers: JobScheduler[] = [modeChangesScheduler(), repairsSweepScheduler()];
