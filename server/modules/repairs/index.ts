/** The repairs module's only door: routes, tables, the background sweep, and the request services. */
export { repairsRoutes } from './repairs.routes.ts';
export { repairPhotoRoutes } from './photos.routes.ts';
export { repairsDeskRoutes } from './repairs-desk.routes.ts';
export * from './repairs.schema.ts';
export * from './photos.schema.ts';
export * from './incident-escalation.schema.ts';
export * from './on-behalf.schema.ts';
export { openRequest } from './requests.service.ts';
export { routeRequest, type Routing } from './routing.ts';
export { transitionRequest, reassignRequest } from './transitions.service.ts';
export { resolveIncident, listIncidents } from './incident-resolve.service.ts';
export { sweepOverdue } from './escalation.ts';
export { autoConfirmSilent } from './auto-confirm.ts';
export { repairsLiveTopics, publishRequestChange, publishRequestsChanged } from './live.ts';
export { REPAIRS_SWEEP_JOB, repairsSweepJob, repairsSweepScheduler } from './repairs.jobs.ts';
export { CALLER_PHONE_PATTERN } from './repairs.contract.ts';
export type { Caller, IncidentView, RequestDetail, RequestSummary, RequestStatus, RepairCategory } from './repairs.contract.ts';
