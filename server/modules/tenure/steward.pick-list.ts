import { asc, eq, ilike } from 'drizzle-orm';
import type { Db } from '../../kernel/db.ts';
import { NotFound } from '../../kernel/errors.ts';
import { buildings, communities, compounds } from '../registry/index.ts';

/** The public pick-list community → compound → building, for residents without an account number. */
const MAX_COMMUNITIES = 500;

export async function publicCommunities(db: Db, q?: string) {
  const items = await db
    .select({ id: communities.id, name: communities.name })
    .from(communities)
    .where(q ? ilike(communities.name, `%${q.replace(/[%_\\]/g, '\\$&')}%`) : undefined)
    .orderBy(asc(communities.name))
    .limit(MAX_COMMUNITIES);
  return { items };
}

export async function publicCompounds(db: Db, communityId: number) {
  const [community] = await db.select({ id: communities.id }).from(communities).where(eq(communities.id, communityId));
  if (!community) throw new NotFound('community', communityId);
  const items = await db
    .select({ id: compounds.id, name: compounds.name, address: compounds.address })
    .from(compounds)
    .where(eq(compounds.communityId, communityId))
    .orderBy(asc(compounds.name));
  return { items };
}

export async function publicBuildings(db: Db, compoundId: number) {
  const [compound] = await db.select({ id: compounds.id }).from(compounds).where(eq(compounds.id, compoundId));
  if (!compound) throw new NotFound('compound', compoundId);
  // Creation order keeps "2号楼" before "10号楼", which a text sort would not.
  const items = await db.select({ id: buildings.id, name: buildings.name }).from(buildings).where(eq(buildings.compoundId, compoundId)).orderBy(asc(buildings.id));
  return { items };
}
