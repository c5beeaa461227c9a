/** The registry module's only door. */
export * from './registry.schema.ts';
