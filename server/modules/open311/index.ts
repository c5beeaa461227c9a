/** The Open311 module's only door: the GeoReport v2 routes, its tables and API-key issuing. */
export { open311Routes } from './open311.routes.ts';
export * from './open311.schema.ts';
export { createApiKey } from './open311.keys.ts';
export type { CreateApiKey, CreatedApiKey } from './open311.contract.ts';
