import { and, eq } from 'drizzle-orm';
import type { Scope } from '../../kernel/actor.ts';
import type { Db } from '../../kernel/db.ts';
import { userScopes } from './accounts.schema.ts';

/**
 * Scope changes that follow from another module's business event (a steward assigned to a grid)
 * rather than from an administrator editing the account. The caller's transaction and audit row
 * cover them, so the two never disagree.
 */
export async function grantScope(tx: Db, userId: number, scope: Scope): Promise<void> {
  await tx.insert(userScopes).values({ userId, kind: scope.kind, refId: scope.refId }).onConflictDoNothing();
}

export async function revokeScope(tx: Db, userId: number, scope: Scope): Promise<void> {
  await tx
    .delete(userScopes)
    .where(and(eq(userScopes.userId, userId), eq(userScopes.kind, scope.kind), eq(userScopes.refId, scope.refId)));
}
