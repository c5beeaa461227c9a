import { asc, inArray } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import type { Deps } from '../../kernel/deps.ts';
import { branches } from '../registry/index.ts';
import { officeBranches } from './access.ts';
import { cityCalendar } from './calendar.ts';
import { forecast, vacuumNow } from './forecast.service.ts';
import type { DashboardView, ForecastItem, VacuumNowItem } from './tenure.contract.ts';

/**
 * The branch dashboard: per branch, the compounds in vacuum now and those at risk (forecast),
 * each with totals of households and area affected. Office staff see their branches.
 */
function totals(items: (ForecastItem | VacuumNowItem)[]) {
  const area = items.reduce((sum, i) => sum + i.grossAreaM2, 0);
  return { compounds: items.length, households: items.reduce((sum, i) => sum + i.households, 0), grossAreaM2: Math.round(area * 100) / 100 };
}

export async function tenureForecast(deps: Deps, actor: Actor, withinDays: number): Promise<ForecastItem[]> {
  return forecast(deps, { withinDays, branchIds: officeBranches(actor) });
}

export async function tenureDashboard(deps: Deps, actor: Actor, withinDays: number): Promise<DashboardView> {
  const branchIds = officeBranches(actor);
  const [inVacuum, atRisk, days, branchRows] = await Promise.all([
    vacuumNow(deps, { branchIds }),
    forecast(deps, { withinDays, branchIds }),
    cityCalendar(deps.db, deps.clock),
    deps.db
      .select({ id: branches.id, name: branches.name, city: branches.city })
      .from(branches)
      .where(branchIds ? inArray(branches.id, branchIds.length ? branchIds : [0]) : undefined)
      .orderBy(asc(branches.id)),
  ]);
  const todayIn = new Map(days.map((d) => [d.city, d.today]));
  return {
    withinDays,
    branches: branchRows
      .filter((b) => todayIn.has(b.city))
      .map((b) => {
        const vacuum = inVacuum.filter((v) => v.branchId === b.id);
        const risk = atRisk.filter((r) => r.branchId === b.id);
        return {
          branchId: b.id,
          branchName: b.name,
          today: todayIn.get(b.city)!,
          inVacuum: { totals: totals(vacuum), items: vacuum },
          atRisk: { totals: totals(risk), items: risk },
        };
      }),
  };
}
