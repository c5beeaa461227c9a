import { and, desc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { businessDate, type BusinessDate } from '../../kernel/business-time.ts';
import type { Deps } from '../../kernel/deps.ts';
import { NotFound } from '../../kernel/errors.ts';
import { users } from '../accounts/index.ts';
import { branches, buildings, communities, compounds, gridAssignments, grids } from '../registry/index.ts';
import { knownCities, rulesOn } from '../rulebook/index.ts';
import { comingSeason } from './calendar.ts';
import { modeOfTenure } from './service-mode.ts';
import { contactCards, type Card } from './steward.cards.ts';
import type { PublicContact, StewardQuery, StewardView } from './steward.contract.ts';
import { propertyCompanies, tenures } from './tenure.schema.ts';

/**
 * "My steward": the public lookup residents use without signing in. The answer per building
 * (grid's current steward and deputy, the compound's tenure today, branch hotline) comes from one
 * twelve-join query, prepared once per connection because planning it costs more than running it,
 * and is kept as a contact card (steward.cards.ts) that every request checks against the
 * registry's version. The rulebook part (zones, season dates) is cached in-process for 30 s.
 */

/** Zones never change and rulebooks rarely; other instances' edits show within this time. */
const CITY_CACHE_MS = 30_000;

const steward = alias(users, 'steward');
const deputy = alias(users, 'deputy');
const today = sql.placeholder('today');

function lookupQuery(deps: Deps) {
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
  return select
    .from(buildings)
    .innerJoin(compounds, eq(compounds.id, buildings.compoundId))
    .innerJoin(communities, eq(communities.id, compounds.communityId))
    .innerJoin(branches, eq(branches.id, compounds.branchId))
    .innerJoin(grids, eq(grids.id, buildings.gridId))
    .leftJoinLateral(assignment, sql`true`)
    .leftJoin(steward, and(eq(steward.id, assignment.stewardId), eq(steward.active, true)))
    .leftJoin(deputy, and(eq(deputy.id, assignment.deputyId), eq(deputy.active, true)))
    .leftJoinLateral(tenure, sql`true`)
    .leftJoin(propertyCompanies, eq(propertyCompanies.id, tenure.companyId))
    .where(eq(buildings.id, sql`${sql.placeholder('buildingId')}::int`))
    .prepare('public_steward_by_building');
}

type LookupRow = Awaited<ReturnType<ReturnType<typeof lookupQuery>['execute']>>[number];

export function stewardDirectory(deps: Deps) {
  const query = lookupQuery(deps);
  const cards = contactCards<LookupRow>(deps);
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

  const dateIn = async (city: string, refresh = false): Promise<BusinessDate | undefined> => {
    const zone = (await zones(refresh)).get(city);
    return zone === undefined ? undefined : businessDate(deps.clock.now(), zone);
  };

  /**
   * The building's answer, built by the twelve-join query. "Today" depends on the branch's city,
   * known only from the row: ask with the first city's date and ask again in the rare case the
   * row's city is in another zone where the date differs.
   */
  async function build(buildingId: number, version: number): Promise<Card<LookupRow> | undefined> {
    const [firstCity] = (await zones()).keys();
    if (firstCity === undefined) return undefined;
    const guess = (await dateIn(firstCity))!;
    let [row] = await query.execute({ buildingId, today: guess });
    if (!row) return undefined;
    const date = (await dateIn(row.branch.city)) ?? (await dateIn(row.branch.city, true));
    if (date === undefined) throw new NotFound('rulebook city', row.branch.city);
    if (date !== guess) [row] = await query.execute({ buildingId, today: date });
    if (!row) return undefined;
    const card = { version, date, row };
    cards.put(buildingId, card);
    return card;
  }

  async function card(q: StewardQuery): Promise<Card<LookupRow> | undefined> {
    const key = q.accountNo !== undefined ? await cards.building(q.accountNo) : { buildingId: q.buildingId!, version: await cards.version() };
    if (!key) return undefined;
    const cached = cards.get(key.buildingId, key.version);
    if (cached && cached.date === (await dateIn(cached.row.branch.city))) return cached;
    return build(key.buildingId, key.version);
  }

  async function findSteward(q: StewardQuery): Promise<StewardView> {
    const found = await card(q);
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
