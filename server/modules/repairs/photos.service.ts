/**
 * Photos on a request: the reporter shows the problem, the steward shows the fix. An image is
 * recognised by its first bytes (JPEG, PNG, WebP), never by the name or the type the client
 * claims, and is stored in the database with its request (see photos.schema.ts for why).
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { photoFacts } from '../../kernel/photos.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Conflict, Forbidden, NotFound } from '../../kernel/errors.ts';
import { assertSees, isResidentOf, loadRequest, works } from './access.ts';
import { publishRequestChange } from './live.ts';
import { requestPhotos } from './photos.schema.ts';
import type { PhotoKind, PhotoView } from './repairs.contract.ts';
import { OPEN } from './states.ts';

/** Per request and kind: enough to show a problem, not an album. */
export const MAX_PHOTOS_PER_KIND = 6;
// The image check is the kernel's (shared with temperature's photos); re-exported for this module's tests.
export { imageTypeOf } from '../../kernel/photos.ts';

const view = (p: Omit<typeof requestPhotos.$inferSelect, 'data' | 'sha256'>): PhotoView => ({
  id: p.id,
  requestId: p.requestId,
  kind: p.kind,
  contentType: p.contentType,
  bytes: p.bytes,
  uploadedBy: p.uploadedBy,
  uploadedAt: p.uploadedAt.toISOString(),
  url: `/api/repairs/photos/${p.id}`,
});

const LISTED = {
  id: requestPhotos.id,
  requestId: requestPhotos.requestId,
  kind: requestPhotos.kind,
  contentType: requestPhotos.contentType,
  bytes: requestPhotos.bytes,
  uploadedBy: requestPhotos.uploadedBy,
  uploadedAt: requestPhotos.uploadedAt,
};

/**
 * Add a photo. report: the household's resident or whoever reported it (a dispatcher, a
 * liaison); resolve: whoever works the request. Only while the request is open.
 */
export async function addPhoto(deps: Deps, actor: Actor, requestId: number, kind: PhotoKind, data: Buffer): Promise<PhotoView> {
  const facts = photoFacts(data);
  return deps.db.transaction(async (tx) => {
    const r = await loadRequest(tx, requestId, { lock: true });
    assertSees(actor, r);
    const mayAdd = kind === 'report' ? isResidentOf(actor, r) || r.reportedBy === actor.userId : works(actor, r);
    if (!mayAdd) {
      throw new Forbidden(kind === 'report' ? 'Report photos come from the household or whoever reported' : "Fix photos come from the grid's steward or crew lead", 'photo_not_yours');
    }
    if (!OPEN.includes(r.status)) throw new Conflict(`A ${r.status} request takes no more photos`, { status: r.status }, 'request_closed', { status: r.status });
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(requestPhotos)
      .where(and(eq(requestPhotos.requestId, r.id), eq(requestPhotos.kind, kind)));
    if (n >= MAX_PHOTOS_PER_KIND) throw new Conflict(`At most ${MAX_PHOTOS_PER_KIND} ${kind} photos per request`, { limit: MAX_PHOTOS_PER_KIND }, 'too_many_photos', { limit: MAX_PHOTOS_PER_KIND });
    const [row] = await tx
      .insert(requestPhotos)
      .values({ requestId: r.id, kind, ...facts, data, uploadedBy: actor.userId!, uploadedAt: deps.clock.now() })
      .returning(LISTED);
    // The audit row names the photo and its fingerprint, not its bytes.
    await writeAudit(tx, deps.clock, actor, { action: 'repair.photo.add', entity: 'repair_request', entityId: r.id, after: { ...row, data: undefined } });
    await publishRequestChange(tx, r);
    return view(row!);
  });
}

export async function listPhotos(deps: Deps, actor: Actor, requestId: number): Promise<PhotoView[]> {
  assertSees(actor, await loadRequest(deps.db, requestId));
  const rows = await deps.db.select(LISTED).from(requestPhotos).where(eq(requestPhotos.requestId, requestId)).orderBy(asc(requestPhotos.id));
  return rows.map(view);
}

/** The image itself, for whoever may see its request (404 otherwise as well, so ids cannot be probed). */
export async function photoContent(deps: Deps, actor: Actor, photoId: number): Promise<{ contentType: string; data: Buffer; sha256: string }> {
  const [p] = await deps.db
    .select({ requestId: requestPhotos.requestId, contentType: requestPhotos.contentType, data: requestPhotos.data, sha256: requestPhotos.sha256 })
    .from(requestPhotos)
    .where(eq(requestPhotos.id, photoId));
  if (!p) throw new NotFound('photo', photoId);
  try {
    assertSees(actor, await loadRequest(deps.db, p.requestId));
  } catch (err) {
    if (err instanceof Forbidden) throw new NotFound('photo', photoId);
    throw err;
  }
  return p;
}
