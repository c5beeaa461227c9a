import { count, sql } from 'drizzle-orm';
import { systemActor, type Actor } from '../kernel/actor.ts';
import { queryRows } from '../kernel/db.ts';
import type { Deps } from '../kernel/deps.ts';
import { createUser, users } from '../modules/accounts/index.ts';
import { assignSteward, seedDemoCity, setCrewLead, type DemoOptions } from '../modules/registry/index.ts';
import { seedDemoAgentCollections } from '../modules/billing/index.ts';
import { seedDemoTemperature } from '../modules/temperature/index.ts';
import { seedDemoTenures } from '../modules/tenure/index.ts';
import { demoAccounts, type DemoAccount } from './demo-accounts.ts';

/** True when the database has never been seeded (no accounts at all). */
export async function isEmpty(deps: Deps): Promise<boolean> {
  const [row] = await deps.db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}

/**
 * Fill an empty database with the demo city, its property tenures and the demo accounts; returns
 * the logins to print. `npm start` seeds a few thousand households; `npm run cli -- demo
 * --households N` any number.
 */
export async function seedDemo(deps: Deps, opts: DemoOptions = {}): Promise<DemoAccount[]> {
  const admin = { ...systemActor, role: 'admin' as const, name: 'seed' };
  const city = await seedDemoCity(deps, opts);
  const { demoPropertyCompanyId } = await seedDemoTenures(deps, {
    vacuumCompoundId: city.compoundIds.vacuum,
    unmanagedCompoundId: city.compoundIds.unmanaged,
    ordinaryCompoundIds: city.compoundIds.ordinary,
  });
  // The outgoing company of 金色港湾 collected as agent and still owes part of it (settlement statement).
  await seedDemoAgentCollections(deps, { compoundId: city.compoundIds.vacuum, skipHouseholdId: city.residentHouseholdId });
  const accounts = demoAccounts({
    household: city.residentHouseholdId,
    grid: city.stewardGridId,
    community: city.communityIds.jinse,
    propertyCompany: demoPropertyCompanyId,
    branch: city.branchId,
  });
  const userIds = new Map<string, number>();
  for (const a of accounts) {
    const user = await createUser(deps, admin, {
      role: a.role,
      name: a.name,
      scopes: a.scopes,
      ...(a.username && { username: a.username }),
      ...(a.password && { password: a.password }),
      ...(a.phone && { phone: a.phone }),
    });
    userIds.set(a.role, user.id);
  }
  // The demo steward is the published steward of 金色港湾小区 3号楼's grid; the crew lead leads
  // that grid's crew and stands in as deputy.
  await assignSteward(deps, admin, city.stewardGridId, {
    stewardUserId: userIds.get('steward')!,
    deputyUserId: userIds.get('crew_lead')!,
    validFrom: '2025-09-01',
  });
  await setCrewLead(deps, admin, city.crewId, userIds.get('crew_lead')!);
  await seedDemoTemperature(deps, {
    branchId: city.branchId,
    crewId: city.crewId,
    compoundIds: city.compoundIds,
    residentHouseholdId: city.residentHouseholdId,
    residentUserId: userIds.get('resident')!,
    neighbours: await neighbourResidents(deps, admin, city.residentHouseholdId),
    stewardUserId: userIds.get('steward')!,
  });
  return accounts;
}

/**
 * The demo resident's neighbours who use the app (heated flats of her building with a phone on
 * file) get resident accounts of their own, so every reading and complaint the seed gives a
 * household is entered by that household's resident. Their logins are not printed: they are
 * there to be the neighbours, not to sign in as.
 */
async function neighbourResidents(deps: Deps, admin: Actor, householdId: number): Promise<{ householdId: number; userId: number }[]> {
  const flats = await queryRows<{ id: number; holderName: string; phone: string }>(
    deps.db,
    sql`SELECT n.id, n.holder_name AS "holderName", n.phone
        FROM households h JOIN households n ON n.building_id = h.building_id
        WHERE h.id = ${householdId} AND n.id <> h.id AND n.status = 'heating' AND n.phone IS NOT NULL
        ORDER BY n.id`,
  );
  const neighbours = [];
  for (const flat of flats) {
    const user = await createUser(deps, admin, { role: 'resident', name: `居民 ${flat.holderName}`, phone: flat.phone, scopes: [{ kind: 'household', refId: flat.id }] });
    neighbours.push({ householdId: flat.id, userId: user.id });
  }
  return neighbours;
}

export function describeLogins(accounts: DemoAccount[]): string {
  const lines = accounts.map((a) =>
    a.username
      ? `  ${a.role.padEnd(17)} ${a.username.padEnd(10)} password ${a.password}   (${a.name})`
      : `  ${a.role.padEnd(17)} phone ${a.phone}  sign-in code: printed in this log / admin → outbox   (${a.name})`,
  );
  return ['Demo logins 演示账号 (staff: username + password 用户名+密码; resident: phone + SMS code 手机验证码):', ...lines].join('\n');
}

/** The demo logins to print on a restart, when the accounts exist already. */
export function demoLogins(): DemoAccount[] {
  return demoAccounts();
}
