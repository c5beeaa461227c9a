import type { Actor } from '../../kernel/actor.ts';
import type { BusinessDate } from '../../kernel/business-time.ts';
import type { Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Invalid } from '../../kernel/errors.ts';
import { assertCompoundVisible, loadCompound } from './access.ts';
import { cityDay } from './calendar.ts';
import { modeOfTenure, modeSegments, tenureOn } from './service-mode.ts';
import type { ServiceModeView, VacuumList } from './tenure.contract.ts';
import { tenuresOf } from './tenure.read.ts';

/** The vacuum switch for one compound: its service mode on a date, and its vacuums over a range. */
export async function serviceMode(db: Db, compoundId: number, date: BusinessDate): Promise<ServiceModeView> {
  await loadCompound(db, compoundId);
  const tenure = tenureOn(await tenuresOf(db, compoundId), date);
  return { compoundId, date, ...modeOfTenure(tenure), tenure: tenure ?? null };
}

/** The [start, end) intervals of direct service within [from, to), one per tenure or gap. */
export async function vacuumIntervals(db: Db, compoundId: number, from: BusinessDate, to: BusinessDate): Promise<VacuumList> {
  if (to <= from) throw new Invalid('The range is empty', [{ field: 'to', message: `must be after from (${from}); to is exclusive`, rule: 'after_start', params: { start: from } }], 'range_empty');
  await loadCompound(db, compoundId);
  const intervals = modeSegments(await tenuresOf(db, compoundId), from, to)
    .filter((s) => s.mode === 'direct')
    .map(({ start, end, reason, tenureId }) => ({ start, end, reason, tenureId }));
  return { compoundId, from, to, intervals };
}

/** serviceMode for a signed-in actor, who must see the compound today; the date defaults to today. */
export async function compoundMode(deps: Deps, actor: Actor, compoundId: number, date?: BusinessDate): Promise<ServiceModeView> {
  const compound = await loadCompound(deps.db, compoundId);
  const { today } = await cityDay(deps.db, deps.clock, compound.city);
  await assertCompoundVisible(deps.db, actor, compound, today);
  return serviceMode(deps.db, compoundId, date ?? today);
}

export async function compoundVacuums(deps: Deps, actor: Actor, compoundId: number, from: BusinessDate, to: BusinessDate): Promise<VacuumList> {
  const compound = await loadCompound(deps.db, compoundId);
  const { today } = await cityDay(deps.db, deps.clock, compound.city);
  await assertCompoundVisible(deps.db, actor, compound, today);
  return vacuumIntervals(deps.db, compoundId, from, to);
}
