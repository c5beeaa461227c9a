/**
 * Open311 API keys. A key is a random secret shown once; only its SHA-256 hash is stored (the
 * key has 192 random bits, so a fast hash is enough: there is nothing to brute-force). Each key
 * gets a service account — a dispatcher with no username or password, so it cannot sign in —
 * named after the client, which becomes the reporter and audit actor of what the client opens.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { hasRole, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import type { Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { users } from '../accounts/index.ts';
import type { CreateApiKey, CreatedApiKey } from './open311.contract.ts';
import { open311ApiKeys } from './open311.schema.ts';

const KEY_PREFIX = 'o311_';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export async function createApiKey(deps: Deps, actor: Actor, input: CreateApiKey): Promise<CreatedApiKey> {
  if (!hasRole(actor, 'admin') && actor.role !== 'system') throw new Forbidden('Only an admin creates Open311 API keys', 'admin_only');
  const clientName = input.clientName.trim();
  if (!clientName) throw new Invalid('Name the client', [{ field: 'clientName', message: 'must not be blank', rule: 'required' }], 'client_name_required');
  const apiKey = `${KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
  const keyPrefix = apiKey.slice(0, KEY_PREFIX.length + 6);
  const now = deps.clock.now();
  const id = await deps.db.transaction(async (tx) => {
    const [user] = await tx.insert(users).values({ role: 'dispatcher', name: `12345 · ${clientName}`, createdAt: now, updatedAt: now }).returning({ id: users.id });
    const [row] = await tx
      .insert(open311ApiKeys)
      .values({ keyHash: hashApiKey(apiKey), keyPrefix, clientName, userId: user!.id, createdAt: now, createdBy: actor.userId })
      .returning({ id: open311ApiKeys.id });
    // The key and its hash stay out of the audit log: it is browsable by admins.
    await writeAudit(tx, deps.clock, actor, { action: 'open311.key.create', entity: 'open311_api_key', entityId: row!.id, after: { clientName, keyPrefix, userId: user!.id } });
    return row!.id;
  });
  return { id, clientName, keyPrefix, apiKey };
}

/**
 * Revoke a key (a leaked key, a client that left): from the next call on it is refused with
 * Open311's 403. The row stays, so requests it opened keep their origin; revoking twice is a 409.
 */
export async function revokeApiKey(deps: Deps, actor: Actor, id: number): Promise<void> {
  if (!hasRole(actor, 'admin')) throw new Forbidden('Only an admin revokes Open311 API keys', 'admin_only');
  await deps.db.transaction(async (tx) => {
    const [key] = await tx.select().from(open311ApiKeys).where(eq(open311ApiKeys.id, id)).for('update');
    if (!key) throw new NotFound('Open311 API key', id);
    if (!key.active) throw new Conflict(`Key ${key.keyPrefix}… of ${key.clientName} is already revoked`, { id }, 'already_revoked');
    await tx.update(open311ApiKeys).set({ active: false }).where(eq(open311ApiKeys.id, id));
    await writeAudit(tx, deps.clock, actor, {
      action: 'open311.key.revoke',
      entity: 'open311_api_key',
      entityId: id,
      before: { active: true, clientName: key.clientName, keyPrefix: key.keyPrefix },
      after: { active: false },
    });
  });
}

export interface Open311Client {
  keyId: number;
  clientName: string;
  /** The service account the client acts as. */
  actor: Actor;
}

/** The active client holding this key, or null. */
export async function clientForKey(db: Db, apiKey: string, requestId?: string): Promise<Open311Client | null> {
  if (!apiKey.startsWith(KEY_PREFIX) || apiKey.length > 200) return null;
  const [row] = await db
    .select({ keyId: open311ApiKeys.id, clientName: open311ApiKeys.clientName, userId: users.id, name: users.name })
    .from(open311ApiKeys)
    .innerJoin(users, eq(users.id, open311ApiKeys.userId))
    .where(and(eq(open311ApiKeys.keyHash, hashApiKey(apiKey)), eq(open311ApiKeys.active, true), eq(users.active, true)));
  if (!row) return null;
  // A dispatcher without a branch scope works company-wide; the channel is fixed to 12345.
  return { keyId: row.keyId, clientName: row.clientName, actor: { userId: row.userId, role: 'dispatcher', name: row.name, scopes: [], requestId } };
}
