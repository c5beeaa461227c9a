/**
 * The temperature module's only door: the resident's guide, readings and complaints, official
 * measurements, non-compliance periods and their settlement into credit notes, the compliance
 * picture, and network patrols. Table names are the glossary's (the daily bulletin reads them).
 */
export { temperatureRoutes } from './temperature.routes.ts';
export { temperaturePhotoRoutes } from './photos.routes.ts';
export * from './temperature.schema.ts';
export * from './patrols.schema.ts';
export * from './photos.schema.ts';
export { runSettlement } from './settlement.service.ts';
export { compliancePicture } from './compliance.read.ts';
export { seedDemoTemperature } from './demo.seed.ts';
export { COMPLAINTS_OVERDUE_JOB, alertOverdueComplaints, complaintsOverdueJob, complaintsOverdueScheduler } from './complaints.jobs.ts';
export { PATROLS_OVERDUE_JOB, alertOverduePatrols, patrolsOverdueJob, patrolsOverdueScheduler } from './patrols.jobs.ts';
export type { MeasurementOutcome } from './temperature.contract.ts';
