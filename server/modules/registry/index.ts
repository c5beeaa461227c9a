/** The registry module's only door: tables, routes, and what other modules ask of the heated city. */
export * from './registry.schema.ts';
export { registryRoutes } from './registry.routes.ts';
export { findHouseholdByAccountNo, householdContext, householdContextSql, listHouseholds, getHousehold, type ContextExtra, type HouseholdContext } from './households.service.ts';
export { currentStewardOfGrid, assignSteward } from './stewards.service.ts';
export { importHouseholds, type ImportProgress, type ImportSource } from './import.service.ts';
export { problemsWorkbook } from './export.service.ts';
export { setCrewLead } from './org.service.ts';
export { seedDemoCity, type DemoCity, type DemoOptions } from './demo.service.ts';
export { reachOf, placeVisible, type Reach, type ScopeGrant } from './scope.ts';
export type { GridAssignmentView, HouseholdView, ImportReport } from './registry.contract.ts';
