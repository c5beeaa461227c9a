import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sql } from 'drizzle-orm';
import { migrationVersion } from './db.ts';
import type { Deps } from './deps.ts';

const Health = Type.Object({
  status: Type.Literal('ok'),
  db: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  migration: Type.String(),
  time: Type.String({ format: 'date-time' }),
});

export function healthRoutes(deps: Deps) {
  return async function (fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get('/api/health', {
      schema: { tags: ['health'], summary: 'Liveness: database kind and the applied migration', response: { 200: Health } },
    }, async () => {
      await deps.db.execute(sql`SELECT 1`);
      return { status: 'ok' as const, db: deps.dbKind, migration: await migrationVersion(deps.db), time: deps.clock.now().toISOString() };
    });
  };
}
