import type { JobHandler, JobScheduler } from './kernel/jobs.ts';

/**
 * Every background job kind and every recurring scheduler, registered by hand like the routes
 * in app.ts: modules export their handlers through index.ts and are listed here.
 */
export const jobHandlers: Record<string, JobHandler> = {};
export const jobSchedulers: JobScheduler[] = [];
