/** The tenure module's only door. */
export * from './tenure.schema.ts';
