import { and, asc, count, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Actor, Role } from '../../kernel/actor.ts';
import { hasRole } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import type { PagedOf } from '../../kernel/contract.ts';
import type { Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Conflict, Forbidden, Invalid, NotFound, sqlState, type FieldProblem } from '../../kernel/errors.ts';
import type { EntitySchemas } from './registry.contract.ts';
import { assertBranchWritable, REGISTRY_WRITERS, staffReachOf, writableBranches, type Reach, type ScopeGrant } from './scope.ts';

type Fields = Record<string, unknown>;

/**
 * One plain registry entity (branch, section, crew, grid, subdistrict, community, compound,
 * station, building, entrance, pipe segment): its table, contract, filters, where it sits in the
 * branch and who reads it. The four operations below serve them all, so scope, reference and
 * audit rules are written once instead of eleven times.
 */
export interface EntitySpec {
  /** Singular, for audit rows and messages: 'compound'. */
  entity: string;
  /** URL segment under /api/registry: 'compounds'. */
  path: string;
  table: PgTable;
  id: PgColumn;
  schemas: EntitySchemas;
  /** Equality filters of the list query, by query field. */
  filters: Record<string, PgColumn>;
  /** Columns the list's `q` matches (contains, case-insensitive). */
  textColumns: PgColumn[];
  /** The branch a row belongs to, as SQL over this table; absent for civil data (communities). */
  branchOf?: SQL;
  /** Foreign keys checked before writing: they must exist and lie in the writer's branch. */
  refs: Record<string, EntitySpec>;
  readable(reach: Reach): SQL | undefined;
  /** Spelling rules applied before writing (building "3#" → "3号楼"). */
  normalise?(input: Fields): Fields;
  /** Extra rules a generic check cannot know (a crew lead must be a crew_lead account). */
  check?(db: Db, input: Fields): Promise<FieldProblem[]>;
  /** Who may create; admin and clerk by default. */
  creators?: Role[];
}

function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, '\\$&');
}

export async function listEntities(
  deps: Deps,
  actor: Actor,
  spec: EntitySpec,
  query: Fields & { q?: string; page?: number; pageSize?: number },
  grant?: ScopeGrant,
): Promise<PagedOf<Fields>> {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  const where: (SQL | undefined)[] = [spec.readable(staffReachOf(actor, grant))];
  for (const [field, column] of Object.entries(spec.filters)) {
    if (query[field] !== undefined) where.push(eq(column, query[field]));
  }
  if (query.q) {
    const like = `%${escapeLike(query.q)}%`;
    where.push(or(...spec.textColumns.map((c) => ilike(c, like))));
  }
  const condition = and(...where);
  const [items, [total]] = await Promise.all([
    deps.db.select().from(spec.table).where(condition).orderBy(asc(spec.id)).limit(pageSize).offset((page - 1) * pageSize),
    deps.db.select({ n: count() }).from(spec.table).where(condition),
  ]);
  return { items: items, total: total?.n ?? 0, page, pageSize };
}

async function loadRow(db: Db, spec: EntitySpec, id: number, visible?: SQL): Promise<Fields | undefined> {
  const [row] = await db.select().from(spec.table).where(and(eq(spec.id, id), visible));
  return row;
}

export async function getEntity(deps: Deps, actor: Actor, spec: EntitySpec, id: number, grant?: ScopeGrant): Promise<Fields> {
  const visible = spec.readable(staffReachOf(actor, grant));
  const row = await loadRow(deps.db, spec, id, visible);
  if (row) return row;
  if (await loadRow(deps.db, spec, id)) throw new Forbidden(`This ${spec.entity} is outside your scope`, 'outside_scope');
  throw new NotFound(spec.entity, id);
}

async function branchOfRow(db: Db, spec: EntitySpec, id: number): Promise<number | null | undefined> {
  if (!spec.branchOf) return null;
  const [row] = await db.select({ branchId: spec.branchOf }).from(spec.table).where(eq(spec.id, id));
  return row ? (row.branchId as number | null) : undefined;
}

/**
 * Every referenced row must exist and lie in a branch the writer keeps, and all of a row's
 * references must agree on one branch (a building's grid and compound belong to one branch).
 */
async function checkRefs(db: Db, actor: Actor, spec: EntitySpec, row: Fields): Promise<void> {
  const problems: FieldProblem[] = [];
  const branches = new Set<number>();
  for (const [field, ref] of Object.entries(spec.refs)) {
    const id = row[field];
    if (typeof id !== 'number') continue;
    const branchId = await branchOfRow(db, ref, id);
    if (branchId === undefined) {
      problems.push({ field, message: `${ref.entity} ${id} does not exist`, rule: 'unknown_ref', params: { entity: ref.entity, id } });
      continue;
    }
    if (branchId === null) continue;
    assertBranchWritable(actor, branchId);
    branches.add(branchId);
  }
  if (branches.size > 1) problems.push({ field: Object.keys(spec.refs).join(', '), message: 'these must all belong to one branch', rule: 'one_branch' });
  if (spec.check) problems.push(...(await spec.check(db, row)));
  if (problems.length) throw new Invalid(`The ${spec.entity} is not valid`, problems, 'invalid_record');
}

function conflictOr(spec: EntitySpec, err: unknown): never {
  if (sqlState(err) === '23505') {
    const detail = String((err as { cause?: { detail?: string } }).cause?.detail ?? '');
    throw new Conflict(`That ${spec.entity} already exists`, [{ field: /\((\w+)\)/.exec(detail)?.[1] ?? 'name', message: 'already taken', rule: 'duplicate' }], 'duplicate');
  }
  throw err;
}

export async function createEntity(deps: Deps, actor: Actor, spec: EntitySpec, input: Fields): Promise<Fields> {
  const creators = spec.creators ?? REGISTRY_WRITERS;
  if (actor.role !== 'system' && !hasRole(actor, ...creators)) throw new Forbidden(`Only ${creators.join(', ')} create a ${spec.entity}`, 'role_not_allowed', { role: actor.role });
  writableBranches(actor);
  const row = spec.normalise ? spec.normalise(input) : input;
  await checkRefs(deps.db, actor, spec, row);
  try {
    return await deps.db.transaction(async (tx) => {
      const [created] = (await tx.insert(spec.table).values(row as never).returning()) as Fields[];
      await writeAudit(tx, deps.clock, actor, { action: `${spec.entity}.create`, entity: spec.entity, entityId: created!.id as number, after: created });
      return created!;
    });
  } catch (err) {
    conflictOr(spec, err);
  }
}

export async function patchEntity(deps: Deps, actor: Actor, spec: EntitySpec, id: number, input: Fields): Promise<Fields> {
  writableBranches(actor);
  const before = await loadRow(deps.db, spec, id);
  if (!before) throw new NotFound(spec.entity, id);
  assertBranchWritable(actor, (await branchOfRow(deps.db, spec, id)) ?? null);
  const changes = spec.normalise ? spec.normalise(input) : input;
  await checkRefs(deps.db, actor, spec, { ...before, ...changes });
  try {
    return await deps.db.transaction(async (tx) => {
      const [after] = (await tx.update(spec.table).set(changes as never).where(eq(spec.id, id)).returning()) as Fields[];
      await writeAudit(tx, deps.clock, actor, { action: `${spec.entity}.update`, entity: spec.entity, entityId: id, before, after });
      return after!;
    });
  } catch (err) {
    conflictOr(spec, err);
  }
}
