/**
 * Photos on a resident's reading and on a patrol round. The image check, size limit and storage
 * are the kernel's (kernel/photos.ts, shared with repairs); who may add and see a photo is this
 * module's: a reading's photos come from its household within a day and are seen by whoever may
 * read that household; a round's come from those who record rounds and are seen by patrol staff.
 */
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import type { Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Conflict, Forbidden, NotFound } from '../../kernel/errors.ts';
import { photoFacts } from '../../kernel/photos.ts';
import { readableHousehold } from './access.ts';
import { MAX_READING_PHOTOS, MAX_ROUND_PHOTOS, type TemperaturePhotoView } from './photos.contract.ts';
import { temperaturePhotos } from './photos.schema.ts';
import { patrolPlans, patrolRounds } from './patrols.schema.ts';
import { temperatureReadings } from './temperature.schema.ts';

/** A reading's photo is part of reporting it: a day later it is no longer the same room. */
const READING_PHOTO_WINDOW_MS = 24 * 60 * 60 * 1000;

type Owner = { readingId: number } | { roundId: number };

const LISTED = {
  id: temperaturePhotos.id,
  readingId: temperaturePhotos.readingId,
  roundId: temperaturePhotos.roundId,
  contentType: temperaturePhotos.contentType,
  bytes: temperaturePhotos.bytes,
  uploadedBy: temperaturePhotos.uploadedBy,
  uploadedAt: temperaturePhotos.uploadedAt,
};

const urlOf = (photoId: number) => `/api/temperature/photos/${photoId}`;

const view = (p: Omit<typeof temperaturePhotos.$inferSelect, 'data' | 'sha256'>): TemperaturePhotoView => ({
  ...p,
  uploadedAt: p.uploadedAt.toISOString(),
  url: urlOf(p.id),
});

async function loadReading(db: Db, readingId: number, lock = false) {
  const q = db.select().from(temperatureReadings).where(eq(temperatureReadings.id, readingId));
  const [r] = lock ? await q.for('update') : await q;
  if (!r) throw new NotFound('reading', readingId);
  return r;
}

async function loadRound(db: Db, roundId: number, lock = false) {
  const q = db.select({ id: patrolRounds.id, branchId: patrolPlans.branchId }).from(patrolRounds).innerJoin(patrolPlans, eq(patrolPlans.id, patrolRounds.planId)).where(eq(patrolRounds.id, roundId));
  const [r] = lock ? await q.for('update', { of: patrolRounds }) : await q;
  if (!r) throw new NotFound('patrol round', roundId);
  return r;
}

function inBranch(actor: Actor, branchId: number): boolean {
  const branches = scopeIds(actor, 'branch');
  return branches.length === 0 || branches.includes(branchId);
}

/** Who records rounds (patrols.service's recordRound: stewards and crew leads) within the plan's branch. */
function assertMayRecordRound(actor: Actor, branchId: number): void {
  if (!hasRole(actor, 'steward', 'crew_lead')) throw new Forbidden('Round photos come from stewards and crew leads', 'photo_not_yours');
  if (!inBranch(actor, branchId)) throw new Forbidden(`Branch ${branchId} is outside your scope`, 'photo_not_yours');
}

/** Who sees rounds (patrols.read's listPlans: field staff and the branch office). */
function assertSeesRound(actor: Actor, branchId: number): void {
  if (!hasRole(actor, 'steward', 'crew_lead', 'admin', 'dispatcher')) throw new Forbidden('Patrols are for field staff and the branch', 'field_staff_only');
  if (!inBranch(actor, branchId)) throw new Forbidden(`Branch ${branchId} is outside your scope`, 'other_branch');
}

async function insertPhoto(deps: Deps, tx: Db, actor: Actor, owner: Owner, photo: { facts: ReturnType<typeof photoFacts>; data: Buffer }, limit: number): Promise<TemperaturePhotoView> {
  const where = 'readingId' in owner ? eq(temperaturePhotos.readingId, owner.readingId) : eq(temperaturePhotos.roundId, owner.roundId);
  const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(temperaturePhotos).where(where);
  const what = 'readingId' in owner ? 'reading' : 'round';
  if (n >= limit) throw new Conflict(`At most ${limit} photos per ${what}`, { limit }, 'too_many_photos', { limit });
  const [row] = await tx
    .insert(temperaturePhotos)
    .values({ ...owner, ...photo.facts, data: photo.data, uploadedBy: actor.userId!, uploadedAt: deps.clock.now() })
    .returning(LISTED);
  // The audit row names the photo and its size, not its bytes.
  const entityId = 'readingId' in owner ? owner.readingId : owner.roundId;
  await writeAudit(tx, deps.clock, actor, { action: `temperature.${what}.photo.add`, entity: what === 'reading' ? 'temperature_reading' : 'patrol_round', entityId, after: row });
  return view(row!);
}

/** A photo of the resident's own reading, by a resident of its household, within a day of saving it. */
export async function addReadingPhoto(deps: Deps, actor: Actor, readingId: number, data: Buffer): Promise<TemperaturePhotoView> {
  const photo = { facts: photoFacts(data), data }; // 415 before any lookup
  return deps.db.transaction(async (tx) => {
    const r = await loadReading(tx, readingId, true);
    if (!hasRole(actor, 'resident') || !scopeIds(actor, 'household').includes(r.householdId)) {
      throw new Forbidden("A reading's photos come from its household", 'photo_not_yours');
    }
    if (deps.clock.now().getTime() - r.createdAt.getTime() > READING_PHOTO_WINDOW_MS) {
      throw new Conflict('A reading takes photos for a day after it was reported', { createdAt: r.createdAt.toISOString() }, 'reading_closed');
    }
    return insertPhoto(deps, tx, actor, { readingId: r.id }, photo, MAX_READING_PHOTOS);
  });
}

/** A photo of a patrol round, by whoever may record rounds in its plan's branch. */
export async function addRoundPhoto(deps: Deps, actor: Actor, roundId: number, data: Buffer): Promise<TemperaturePhotoView> {
  const photo = { facts: photoFacts(data), data };
  return deps.db.transaction(async (tx) => {
    const r = await loadRound(tx, roundId, true);
    assertMayRecordRound(actor, r.branchId);
    return insertPhoto(deps, tx, actor, { roundId: r.id }, photo, MAX_ROUND_PHOTOS);
  });
}

export async function listReadingPhotos(deps: Deps, actor: Actor, readingId: number): Promise<TemperaturePhotoView[]> {
  const r = await loadReading(deps.db, readingId);
  await readableHousehold(deps.db, actor, r.householdId);
  const rows = await deps.db.select(LISTED).from(temperaturePhotos).where(eq(temperaturePhotos.readingId, readingId)).orderBy(asc(temperaturePhotos.id));
  return rows.map(view);
}

/**
 * The photo urls of readings the caller has already been allowed to read (a list page), oldest
 * first per reading: one query for the whole page, no bytes.
 */
export async function readingPhotoUrls(db: Db, readingIds: number[]): Promise<Map<number, string[]>> {
  const urls = new Map<number, string[]>();
  if (readingIds.length === 0) return urls;
  const rows = await db
    .select({ id: temperaturePhotos.id, readingId: temperaturePhotos.readingId })
    .from(temperaturePhotos)
    .where(inArray(temperaturePhotos.readingId, readingIds))
    .orderBy(asc(temperaturePhotos.id));
  for (const r of rows) urls.set(r.readingId!, [...(urls.get(r.readingId!) ?? []), urlOf(r.id)]);
  return urls;
}

export async function listRoundPhotos(deps: Deps, actor: Actor, roundId: number): Promise<TemperaturePhotoView[]> {
  assertSeesRound(actor, (await loadRound(deps.db, roundId)).branchId);
  const rows = await deps.db.select(LISTED).from(temperaturePhotos).where(eq(temperaturePhotos.roundId, roundId)).orderBy(asc(temperaturePhotos.id));
  return rows.map(view);
}

/** The image, for whoever may see its reading or round (404 otherwise as well, so ids cannot be probed). */
export async function temperaturePhotoContent(deps: Deps, actor: Actor, photoId: number): Promise<{ contentType: string; data: Buffer; sha256: string }> {
  const [p] = await deps.db
    .select({ readingId: temperaturePhotos.readingId, roundId: temperaturePhotos.roundId, contentType: temperaturePhotos.contentType, data: temperaturePhotos.data, sha256: temperaturePhotos.sha256 })
    .from(temperaturePhotos)
    .where(eq(temperaturePhotos.id, photoId));
  if (!p) throw new NotFound('photo', photoId);
  try {
    if (p.readingId !== null) await readableHousehold(deps.db, actor, (await loadReading(deps.db, p.readingId)).householdId);
    else assertSeesRound(actor, (await loadRound(deps.db, p.roundId!)).branchId);
  } catch (err) {
    if (err instanceof Forbidden) throw new NotFound('photo', photoId);
    throw err;
  }
  return p;
}
