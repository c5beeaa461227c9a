/**
 * Idempotency-Key for money-moving POSTs. The key row is inserted FIRST in the request's
 * transaction with ON CONFLICT DO NOTHING: on PostgreSQL a concurrent request with the same key
 * blocks on the unique index until the first commits (or rolls back), then finds the stored
 * response — so 100 simultaneous retries make one payment. The response is stored in the same
 * transaction as the effect: either both exist or neither (a refused request leaves no key, and
 * retrying it re-evaluates).
 */
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Clock } from '../../kernel/clock.ts';
import { BadRequest, Conflict } from '../../kernel/errors.ts';

const KEY_RE = /^[A-Za-z0-9_.:-]{8,128}$/;

export interface Stored<T> {
  statusCode: number;
  body: T;
  replayed: boolean;
}

export function requireIdempotencyKey(header: string | string[] | undefined): string {
  const key = Array.isArray(header) ? header[0] : header;
  if (!key) {
    throw new BadRequest('Money-moving requests need an Idempotency-Key header (a fresh UUID per intended payment)', [
      { field: 'Idempotency-Key', message: 'is required', rule: 'required' },
    ], 'idempotency_key_required');
  }
  if (!KEY_RE.test(key)) {
    throw new BadRequest('Idempotency-Key must be 8–128 characters of letters, digits, _ . : -', [
      { field: 'Idempotency-Key', message: 'is malformed', rule: 'idempotency_key_malformed' },
    ], 'idempotency_key_malformed');
  }
  return key;
}

/** Key order must not matter: {a,b} and {b,a} are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function requestHash(route: string, body: unknown): string {
  return createHash('sha256').update(`${route}\n${canonical(body)}`).digest('hex');
}

/**
 * Run `work` once per key, in one transaction with the key row; replay its stored response for
 * the same actor, route and body; 409 for anything else under that key. `alongside` is a query
 * run in the key's own statement — a payment locks its household's bills there, one round trip
 * less — whose rows `work` receives (none when the key was already used).
 */
export async function onceForKey<T, A = Record<string, unknown>>(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  request: { key: string; route: string; body: unknown },
  /** `stored: true` when the work already wrote its response under the key (recordPayment does, in its write statement). */
  work: (tx: Db, alongside: A[]) => Promise<{ statusCode: number; body: T; stored?: boolean }>,
  alongside?: SQL,
): Promise<Stored<T>> {
  const hash = requestHash(request.route, request.body);
  return deps.db.transaction(async (tx) => {
    const rows = await queryRows<{ claimed_key: string | null } & A>(
      tx,
      sql`WITH claimed AS (
            INSERT INTO idempotency_keys (key, actor_id, route, request_hash, created_at)
            VALUES (${request.key}, ${actor.userId}, ${request.route}, ${hash}, ${deps.clock.now().toISOString()}::timestamptz)
            ON CONFLICT (key) DO NOTHING RETURNING key)
          SELECT (SELECT key FROM claimed) AS claimed_key ${alongside ? sql`, a.* FROM (VALUES (1)) one LEFT JOIN LATERAL (${alongside}) a ON true` : sql``}`,
    );
    if (rows[0]!.claimed_key === null) {
      const [prior] = await queryRows<{ actor_id: number | null; route: string; request_hash: string; status_code: number; response: T }>(
        tx,
        sql`SELECT actor_id, route, request_hash, status_code, response FROM idempotency_keys WHERE key = ${request.key}`,
      );
      if (!prior || prior.actor_id !== actor.userId || prior.route !== request.route || prior.request_hash !== hash) {
        throw new Conflict('This Idempotency-Key was already used for a different request; use a new key for a new payment', [
          { field: 'Idempotency-Key', message: 'already used with another body', rule: 'idempotency_key_reused' },
        ], 'idempotency_key_reused');
      }
      return { statusCode: prior.status_code, body: prior.response, replayed: true };
    }
    const { stored, ...result } = await work(tx, alongside ? rows : []);
    if (!stored) await tx.execute(storeResponse(request.key, result.statusCode, sql`${JSON.stringify(result.body)}::jsonb`));
    return { ...result, replayed: false };
  });
}

/** The statement that records a key's answer (the payments' write statement records it itself). */
function storeResponse(key: string, statusCode: number, response: SQL): SQL {
  return sql`UPDATE idempotency_keys SET status_code = ${statusCode}, response = ${response} WHERE key = ${key}`;
}
