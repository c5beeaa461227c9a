/** The repairs module's only door: routes, tables, the background sweep, and the request services. */
export { repairsRoutes } from './repairs.routes.ts';
export * from './repairs.schema.ts';
export { openRequest } from './requests.service.ts';
export { transitionRequest, reassignRequest } from './transitions.service.ts';
export { resolveIncident, listIncidents } from './incident-resolve.service.ts';
export { sweepOverdue, ESCALATION_LADDER } from './escalation.ts';
export { autoConfirmSilent } from './auto-confirm.ts';
export { REPAIRS_SWEEP_JOB, repairsSweepJob, repairsSweepScheduler } from './repairs.jobs.ts';
export type { IncidentView, RequestDetail, RequestSummary, RequestStatus, RepairCategory } from './repairs.contract.ts';
