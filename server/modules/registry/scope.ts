import { sql, type SQL } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor, type Role } from '../../kernel/actor.ts';
import { Forbidden } from '../../kernel/errors.ts';

/**
 * What part of the heated city an actor may read, from its role and scope (domain.md §2):
 * branch staff see their branch, a steward the households of their grid(s), a liaison their
 * community, a resident their own household(s). Decided here, in the services, for every list,
 * search, export and single read — route guards alone would miss filtered lists.
 */
export interface Reach {
  /** The system itself (seed, CLI) or a company-wide office account: everything. */
  all: boolean;
  branchIds: number[];
  gridIds: number[];
  communityIds: number[];
  householdIds: number[];
  /** Compounds the tenure module has authorised for a property manager in tenure. */
  compoundIds: number[];
}

/**
 * The hook for the tenure module: a property manager sees the compounds their company manages
 * today, which only tenure knows. It decides, then calls registry functions with this grant.
 */
export interface ScopeGrant {
  compoundIds: number[];
}

/** Office roles work on whole branches. */
const OFFICE_ROLES: Role[] = ['admin', 'clerk', 'dispatcher', 'crew_lead'];
/** Roles that read registry places (compounds, buildings, households) over HTTP. */
const STAFF_READERS: Role[] = ['admin', 'clerk', 'dispatcher', 'crew_lead', 'steward', 'liaison'];
/** Only the business office keeps the registry: everyone else reads it. */
export const REGISTRY_WRITERS: Role[] = ['admin', 'clerk'];

export function reachOf(actor: Actor, grant?: ScopeGrant): Reach {
  const none: Reach = { all: false, branchIds: [], gridIds: [], communityIds: [], householdIds: [], compoundIds: [] };
  if (actor.role === 'system') return { ...none, all: true };
  if (actor.role === 'property_manager') {
    if (!grant) throw new Forbidden('A property manager sees the registry through their compounds in tenure only', 'role_not_allowed', { role: actor.role });
    return { ...none, compoundIds: grant.compoundIds };
  }
  if (actor.role === 'resident') return { ...none, householdIds: scopeIds(actor, 'household') };
  if (!hasRole(actor, ...STAFF_READERS)) throw new Forbidden('Your role cannot read the registry', 'role_not_allowed', { role: actor.role });
  const reach: Reach = {
    ...none,
    branchIds: hasRole(actor, ...OFFICE_ROLES) ? scopeIds(actor, 'branch') : [],
    gridIds: hasRole(actor, 'steward', 'crew_lead') ? scopeIds(actor, 'grid') : [],
    communityIds: hasRole(actor, 'liaison') ? scopeIds(actor, 'community') : [],
  };
  // Same convention as the tenure module: an office account without any scope works company-wide.
  const companyWide = hasRole(actor, ...OFFICE_ROLES) && reach.branchIds.length === 0 && reach.gridIds.length === 0;
  return companyWide ? { ...reach, all: true } : reach;
}

/** Staff reach for the org chart and network; residents and property managers get a 403. */
export function staffReachOf(actor: Actor, grant?: ScopeGrant): Reach {
  if (actor.role === 'resident') throw new Forbidden('Residents see their own household only', 'role_not_allowed', { role: actor.role });
  return reachOf(actor, grant);
}

export function inIds(expr: SQL, ids: number[]): SQL | undefined {
  if (ids.length === 0) return undefined;
  return sql`${expr} IN (${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )})`;
}

/** OR of the parts that apply; `false` when none does (a reach that sees nothing). */
export function anyOf(parts: (SQL | undefined)[]): SQL {
  const present = parts.filter((p): p is SQL => p !== undefined);
  if (present.length === 0) return sql`false`;
  return sql`(${sql.join(present, sql` OR `)})`;
}

/** Columns (as SQL) that place a household, building or compound in the city. */
export interface PlaceColumns {
  branchId: SQL;
  communityId: SQL;
  compoundId: SQL;
  gridId?: SQL;
  householdId?: SQL;
}

/** Who sees a place: the predicate behind every household, building and compound read. */
export function placeVisible(r: Reach, c: PlaceColumns): SQL | undefined {
  if (r.all) return undefined;
  return anyOf([
    inIds(c.branchId, r.branchIds),
    c.gridId && inIds(c.gridId, r.gridIds),
    inIds(c.communityId, r.communityIds),
    inIds(c.compoundId, r.compoundIds),
    c.householdId && inIds(c.householdId, r.householdIds),
  ]);
}

/**
 * The branches whose org chart and network (sections, crews, grids, stations, pipes) an actor
 * reads: their own branch, the branch of their grid, the branches serving their community.
 * Steward phones are published anyway; households stay behind placeVisible.
 */
export function homeBranchVisible(r: Reach, branchId: SQL): SQL | undefined {
  if (r.all) return undefined;
  const viaGrids =
    r.gridIds.length > 0
      ? sql`${branchId} IN (SELECT s.branch_id FROM grids g JOIN crews cr ON cr.id = g.crew_id
             JOIN sections s ON s.id = cr.section_id WHERE ${inIds(sql`g.id`, r.gridIds)})`
      : undefined;
  const viaCompounds = (column: SQL, ids: number[]) =>
    ids.length > 0 ? sql`${branchId} IN (SELECT branch_id FROM compounds WHERE ${inIds(column, ids)})` : undefined;
  return anyOf([
    inIds(branchId, r.branchIds),
    viaGrids,
    viaCompounds(sql`community_id`, r.communityIds),
    viaCompounds(sql`id`, r.compoundIds),
  ]);
}

/** The branches an admin or clerk may change; everyone else gets a 403. */
export function writableBranches(actor: Actor): number[] | 'all' {
  if (actor.role === 'system') return 'all';
  if (!hasRole(actor, ...REGISTRY_WRITERS)) throw new Forbidden('Only the business office (admin, clerk) edits the registry', 'registry_office_only');
  const branchIds = scopeIds(actor, 'branch');
  return branchIds.length > 0 ? branchIds : 'all';
}

export function assertBranchWritable(actor: Actor, branchId: number | null): void {
  const allowed = writableBranches(actor);
  if (allowed === 'all' || branchId === null) return;
  if (!allowed.includes(branchId)) throw new Forbidden(`Branch ${branchId} is outside your scope`, 'other_branch');
}

/** Whole phone numbers only for those who call residents (domain.md: phones are personal data). */
export function seesWholePhones(actor: Actor): boolean {
  return !hasRole(actor, 'liaison', 'property_manager');
}

export function maskPhone(phone: string | null): string | null {
  return phone && phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone;
}
