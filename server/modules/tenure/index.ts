/**
 * The tenure module's only door: property companies, tenures, the vacuum switch (service mode,
 * vacuum intervals, forecast, mode-change events) and the public "my steward" lookup.
 */
export * from './tenure.schema.ts';
export { tenureRoutes } from './tenure.routes.ts';
export { stewardRoutes } from './steward.routes.ts';
export { compoundsInTenure } from './access.ts';
export { serviceMode, vacuumIntervals } from './mode.service.ts';
export { forecast, vacuumNow, type CityScope } from './forecast.service.ts';
export { modeChangesSince, modeChangesJob, modeChangesScheduler, MODE_CHANGES_JOB, type ModeChange } from './mode-events.ts';
export { seedDemoTenures, type DemoTenureIds } from './demo-tenures.ts';
export type { ModeReason, ServiceMode } from './service-mode.ts';
