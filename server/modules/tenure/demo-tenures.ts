import { sql } from 'drizzle-orm';
import { systemActor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import type { Deps } from '../../kernel/deps.ts';
import { cityCalendar } from './calendar.ts';
import { recordDailyModeChanges } from './mode-events.ts';
import { createPropertyCompany } from './companies.service.ts';
import { createTenure } from './tenures.service.ts';

/**
 * Property tenures of the demo city (issue 3, item 6):
 *   - 金色港湾小区: its company leaves on 2026-10-31 and the successor only starts 2026-12-01,
 *     a vacuum across the season start (15 Nov) — written through the tenure service, so its
 *     audit rows and planned mode changes exist as in production;
 *   - 代书胡同 3 号院: no property company at all (the former managing unit left);
 *   - every ordinary compound: a contracted company collecting fees as agent since 2020, written
 *     set-based (a 1.3 M-household city has thousands of compounds) with one audit row, and
 *     their mode recorded the way the daily job records any tenure written in bulk.
 */
export interface DemoTenureIds {
  /** 金色港湾小区 */
  vacuumCompoundId: number;
  /** 代书胡同 3 号院: gets no tenure. */
  unmanagedCompoundId: number;
  ordinaryCompoundIds: number[];
}

const seedActor = { ...systemActor, role: 'admin' as const, name: 'seed' };

export async function seedDemoTenures(deps: Deps, ids: DemoTenureIds): Promise<{ demoPropertyCompanyId: number }> {
  const company = (name: string, contactName: string, contactPhone: string) =>
    createPropertyCompany(deps, seedActor, { name, contactName, contactPhone });
  const leaving = await company('郑州金港物业服务有限公司', '周经理', '0371-65550101');
  const successor = await company('河南安居物业管理有限公司', '吴经理', '0371-65550202');
  const ordinary = [
    await company('郑州华庭物业服务有限公司', '陈刚', '0371-65550303'),
    await company('郑州东城物业管理有限公司', '郑经理', '0371-65550404'),
  ];

  const agent = { kind: 'contracted' as const, collectsAsAgent: true };
  await createTenure(deps, seedActor, ids.vacuumCompoundId, {
    ...agent,
    propertyCompanyId: leaving.id,
    startsOn: '2021-01-01',
    endsOn: '2026-10-31',
    note: '合同到期不再续签',
  });
  await createTenure(deps, seedActor, ids.vacuumCompoundId, {
    ...agent,
    propertyCompanyId: successor.id,
    startsOn: '2026-12-01',
    note: '业主大会选聘的新物业，12月1日进场',
  });
  await deps.db.transaction(async (tx) => {
    const companyIds = ordinary.map((c) => c.id);
    await tx.execute(
      sql`INSERT INTO tenures (compound_id, property_company_id, kind, starts_on, collects_as_agent, created_at)
          SELECT u.compound_id, (${sql.param(companyIds)}::int[])[1 + (u.n - 1) % ${companyIds.length}], 'contracted', '2020-01-01', true,
                 ${deps.clock.now().toISOString()}::timestamptz
          FROM unnest(${sql.param(ids.ordinaryCompoundIds)}::int[]) WITH ORDINALITY AS u(compound_id, n)`,
    );
    await writeAudit(tx, deps.clock, seedActor, {
      action: 'tenure.seed',
      entity: 'tenure',
      after: { compounds: ids.ordinaryCompoundIds.length, kind: 'contracted', startsOn: '2020-01-01', propertyCompanyIds: companyIds },
    });
  });
  for (const day of await cityCalendar(deps.db, deps.clock)) await recordDailyModeChanges(deps.db, deps.clock, day.city, day.today);
  // The demo property manager (物业经理 陈刚) works for the company of the ordinary compounds.
  return { demoPropertyCompanyId: ordinary[0]!.id };
}
