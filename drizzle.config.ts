import { defineConfig } from 'drizzle-kit';

// One schema, one forward-only migration history for PGlite and PostgreSQL alike.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./server/kernel/*.schema.ts', './server/modules/*/*.schema.ts'],
  out: './server/db/migrations',
  casing: 'snake_case',
});
