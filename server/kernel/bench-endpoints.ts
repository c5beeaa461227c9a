import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Deps } from './deps.ts';

/**
 * Bare baselines for the benchmarks in bench/: the cheapest possible read (SELECT 1) and write
 * (one-row insert) through the same server, pool and logger, so each benchmark can report its
 * throughput as a ratio measured in the same run. Only registered when BENCH_ENDPOINTS=true.
 */
export function benchEndpoints(deps: Deps) {
  return async function (app: FastifyInstance) {
    await deps.db.execute(sql`CREATE TABLE IF NOT EXISTS bench_rows (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL, note text)`);
    app.get('/api/bench/select1', { schema: { hide: true } }, async () => {
      await deps.db.execute(sql`SELECT 1`);
      return { ok: true };
    });
    app.post('/api/bench/insert', { schema: { hide: true } }, async () => {
      await deps.db.execute(sql`INSERT INTO bench_rows (at, note) VALUES (now(), 'baseline')`);
      return { ok: true };
    });
  };
}
