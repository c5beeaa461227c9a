import { and, desc, eq, gt, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { businessDate, type BusinessDate } from '../../kernel/business-time.ts';
import type { Deps } from '../../kernel/deps.ts';
import { NotFound } from '../../kernel/errors.ts';
import { users } from '../accounts/index.ts';
import { branches, buildings, communities, compounds, gridAssignments, grids, households } from '../registry/index.ts';
import { knownCities, rulesOn } from '../rulebook/index.ts';
import { comingSeason } from './calendar.ts';
import { modeOfTenure } from './service-mode.ts';
import type { PublicContact, StewardQuery, StewardView } from './steward.contract.ts';
import { propertyCompanies, tenures } from './tenure.schema.ts';

/**
 * "My steward": the public lookup residents use without signing in. Hot path: one indexed query
 * (account number → building → grid's current steward and deputy, the compound's tenure today,
 * branch hotline), prepared once per connection because planning its twelve joins costs more
 * than running them. Only the rulebook part (zones, season dates) is cached in-process.
 */

/** Zones never change and rulebooks rarely; other instances' edits show within this time. */
const CITY_CACHE_MS = 30_000;

const steward = alias(users, 'steward');
const deputy = alias(users, 'deputy');
const today = sql.placeholder('today');

function lookupQuery(deps: Deps, by: 'account' | 'building') {
  const assignment = deps.db
    .select({ stewardId: gridAssignments.stewardUserId, deputyId: gridAssignments.deputyUserId })
    .from(gridAssignments)
    .where(and(eq(gridAssignments.gridId, buildings.gridId), lte(gridAssignments.validFrom, sql`${today}::date`), or(isNull(gridAssignments.validTo), gt(gridAssignments.validTo, sql`${today}::date`))))
    .orderBy(desc(gridAssignments.validFrom))
    .limit(1)
    .as('assignment');
  const tenure = deps.db
    .select({ id: tenures.id, kind: tenures.kind, collectsAsAgent: tenures.collectsAsAgent, startsOn: tenures.startsOn, endsOn: tenures.endsOn, companyId: tenures.propertyCompanyId })
    .from(tenures)
    .where(and(eq(tenures.compoundId, compounds.id), lte(tenures.startsOn, sql`${today}::date`), or(isNull(tenures.endsOn), gt(tenures.endsOn, sql`${today}::date`))))
    .limit(1)
    .as('tenure');
  const select = deps.db.select({
    building: { id: buildings.id, name: buildings.name },
    compound: { id: compounds.id, name: compounds.name, address: compounds.address },
    community: { id: communities.id, name: communities.name, phone: communities.officePhone },
    grid: { id: grids.id, name: grids.name },
    branch: { name: branches.name, address: branches.address, phone: branches.phone, city: branches.city },
    steward: { name: steward.name, phone: steward.phone },
    deputy: { name: deputy.name, phone: deputy.phone },
    tenure: { id: tenure.id, kind: tenure.kind, collectsAsAgent: tenure.collectsAsAgent, startsOn: tenure.startsOn, endsOn: tenure.endsOn },
    company: { name: propertyCompanies.name, phone: propertyCompanies.contactPhone },
  });
  const from =
    by === 'account'
      ? select.from(households).innerJoin(buildings, eq(buildings.id, households.buildingId))
      : select.from(buildings);
  const where: SQL = by === 'account' ? eq(households.accountNo, sql.placeholder('key')) : eq(buildings.id, sql`${sql.placeholder('key')}::int`);
  return from
    .innerJoin(compounds, eq(compounds.id, buildings.compoundId))
    .innerJoin(communities, eq(communities.id, compounds.communityId))
    .innerJoin(branches, eq(branches.id, compounds.branchId))
    .innerJoin(grids, eq(grids.id, buildings.gridId))
    .leftJoinLateral(assignment, sql`true`)
    .leftJoin(steward, and(eq(steward.id, assignment.stewardId), eq(steward.active, true)))
    .leftJoin(deputy, and(eq(deputy.id, assignment.deputyId), eq(deputy.active, true)))
    .leftJoinLateral(tenure, sql`true`)
    .leftJoin(propertyCompanies, eq(propertyCompanies.id, tenure.companyId))
    .where(where)
    .prepare(`public_steward_by_${by}`);
}

type LookupRow = Awaited<ReturnType<ReturnType<typeof lookupQuery>['execute']>>[number];

export function stewardDirectory(deps: Deps) {
  const queries = { account: lookupQuery(deps, 'account'), building: lookupQuery(deps, 'building') };
  let cities: { loadedAt: number; zones: Promise<Map<string, string>> } | undefined;
  const seasons = new Map<string, Promise<StewardView['season']>>();

  /** City → time zone, from the rulebook. */
  function zones(refresh = false): Promise<Map<string, string>> {
    if (refresh || !cities || performance.now() - cities.loadedAt > CITY_CACHE_MS) {
      cities = { loadedAt: performance.now(), zones: knownCities(deps.db).then((list) => new Map(list.map((c) => [c.city, c.rules.city.timeZone]))) };
      seasons.clear();
    }
    return cities.zones;
  }

  function season(city: string, date: BusinessDate): Promise<StewardView['season']> {
    const key = `${city}|${date}`;
    let found = seasons.get(key);
    if (!found) {
      found = rulesOn(deps.db, city, date).then(({ rules }) => {
        const s = comingSeason(rules, date);
        return { code: s.code, start: s.start, end: s.end, inSeason: s.start <= date && date < s.end };
      });
      seasons.set(key, found);
    }
    return found;
  }

  /**
   * "Today" depends on the branch's city, known only from the row: ask with the first city's
   * date and ask again in the rare case the row's city is in another zone where the date differs.
   */
  async function lookup(by: 'account' | 'building', key: string | number): Promise<{ row: LookupRow; date: BusinessDate } | undefined> {
    const now = deps.clock.now();
    const dateIn = async (city: string, refresh = false) => {
      const zone = (await zones(refresh)).get(city);
      return zone === undefined ? undefined : businessDate(now, zone);
    };
    const [firstCity] = (await zones()).keys();
    if (firstCity === undefined) return undefined;
    const guess = (await dateIn(firstCity))!;
    const [row] = await queries[by].execute({ key, today: guess });
    if (!row) return undefined;
    const date = (await dateIn(row.branch.city)) ?? (await dateIn(row.branch.city, true));
    if (date === undefined) throw new NotFound('rulebook city', row.branch.city);
    if (date === guess) return { row, date };
    const [again] = await queries[by].execute({ key, today: date });
    return again && { row: again, date };
  }

  async function findSteward(q: StewardQuery): Promise<StewardView> {
    const found = q.accountNo !== undefined ? await lookup('account', q.accountNo) : await lookup('building', q.buildingId!);
    if (!found) throw q.accountNo !== undefined ? new NotFound('account number', q.accountNo) : new NotFound('building', q.buildingId);
    return toView(found.row, found.date, await season(found.row.branch.city, found.date));
  }

  return { findSteward };
}

const contact = (c: { name: string | null; phone: string | null } | null): PublicContact | null => (c?.name ? { name: c.name, phone: c.phone } : null);

function toView(r: LookupRow, date: BusinessDate, season: StewardView['season']): StewardView {
  const { mode, reason } = modeOfTenure(r.tenure ?? undefined);
  const company = contact(r.company);
  const stewardContact = contact(r.steward);
  const deputyContact = contact(r.deputy);
  const calls: StewardView['whomToCall'] = [];
  if (stewardContact?.phone) calls.push({ role: 'steward', name: stewardContact.name, phone: stewardContact.phone });
  if (deputyContact?.phone) calls.push({ role: 'deputy', name: deputyContact.name, phone: deputyContact.phone });
  // In agent mode the property company is still the first line for fees and the building itself.
  if (mode === 'agent' && company?.phone) calls.push({ role: 'property_company', name: company.name, phone: company.phone });
  if (r.branch.phone) calls.push({ role: 'branch_hotline', name: r.branch.name, phone: r.branch.phone });
  if (r.community.phone) calls.push({ role: 'community_office', name: r.community.name, phone: r.community.phone });
  return {
    community: { id: r.community.id, name: r.community.name },
    compound: r.compound,
    building: r.building,
    grid: r.grid,
    steward: stewardContact,
    deputy: deputyContact,
    serviceMode: { date, mode, reason, propertyCompany: company },
    whereToPay: {
      channels: mode === 'agent' ? ['property_company', 'heating_company_counter'] : ['heating_company_counter', 'heating_company_online'],
      propertyCompany: mode === 'agent' ? company : null,
      heatingCompany: { name: r.branch.name, counterAddress: r.branch.address, hotline: r.branch.phone },
      collectionPoints: [],
    },
    whomToCall: calls,
    season,
  };
}
