/** Calibrated thermometers (测温仪): registered by the office, chosen by the steward on site. */
import { asc, eq } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Conflict, Forbidden, Invalid, sqlState } from '../../kernel/errors.ts';
import type { InstrumentView, NewInstrument } from './temperature.contract.ts';
import { temperatureInstruments } from './temperature.schema.ts';

function view(row: typeof temperatureInstruments.$inferSelect): InstrumentView {
  const { createdAt: _createdAt, ...rest } = row;
  return rest;
}

export async function registerInstrument(deps: Deps, actor: Actor, input: NewInstrument): Promise<InstrumentView> {
  if (!hasRole(actor, 'admin', 'clerk', 'crew_lead')) throw new Forbidden('Instruments are registered by the office or a crew lead', 'role_not_allowed', { role: actor.role });
  const branches = scopeIds(actor, 'branch');
  if (branches.length > 0 && !branches.includes(input.branchId)) throw new Forbidden(`Branch ${input.branchId} is outside your scope`, 'other_branch');
  if (input.calibrationDueOn < input.calibratedOn) {
    throw new Invalid('The calibration dates are reversed', [{ field: 'calibrationDueOn', message: 'must be on or after calibratedOn', rule: 'before_start', params: { start: input.calibratedOn } }], 'calibration_dates_reversed');
  }
  try {
    return await deps.db.transaction(async (tx) => {
      const [row] = await tx.insert(temperatureInstruments).values({ ...input, createdAt: deps.clock.now() }).returning();
      await writeAudit(tx, deps.clock, actor, { action: 'temperature.instrument.register', entity: 'temperature_instrument', entityId: row!.id, after: row });
      return view(row!);
    });
  } catch (err) {
    if (sqlState(err) === '23505') throw new Conflict('That serial number is already registered', [{ field: 'serialNo', message: 'already registered', rule: 'duplicate' }], 'duplicate');
    throw err;
  }
}

/** Every instrument, so a steward can pick the one in hand; calibration dates are not secrets. */
export async function listInstruments(deps: Deps, actor: Actor): Promise<InstrumentView[]> {
  if (hasRole(actor, 'resident') || actor.role === 'public') throw new Forbidden('Staff only', 'staff_only');
  const branches = scopeIds(actor, 'branch');
  const rows = branches.length === 1
    ? await deps.db.select().from(temperatureInstruments).where(eq(temperatureInstruments.branchId, branches[0]!)).orderBy(asc(temperatureInstruments.serialNo))
    : await deps.db.select().from(temperatureInstruments).orderBy(asc(temperatureInstruments.serialNo));
  return rows.map(view);
}
