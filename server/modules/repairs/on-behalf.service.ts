/**
 * Opening a request on someone's behalf (代报) is openRequest with a channel and a caller; this
 * file keeps the caller row. It is written inside openRequest's transaction, so a request from
 * the hotline never exists without the name of whoever called.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../kernel/db.ts';
import { requestCallers } from './on-behalf.schema.ts';
import type { Caller, CallerView } from './repairs.contract.ts';

/** A caller as stored and shown: names and case numbers trimmed, a missing phone null. */
export function callerViewOf(caller: Caller): CallerView {
  return { name: caller.name.trim(), phone: caller.phone ?? null, caseRef: caller.caseRef?.trim() ?? null };
}

export async function callerOf(db: Db, requestId: number): Promise<CallerView | null> {
  const [row] = await db.select().from(requestCallers).where(eq(requestCallers.requestId, requestId));
  return row ? { name: row.callerName, phone: row.callerPhone, caseRef: row.caseRef } : null;
}
