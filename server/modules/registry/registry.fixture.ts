import type { Db } from '../../kernel/db.ts';
import { makeBranch, makeBuilding, makeCommunity, makeCompound, makeGrid, makeHousehold } from '../../test/factories.ts';

/**
 * A two-branch city for the registry tests. Branch A has two grids; its compound 金色港湾小区
 * (community 金色港湾社区) has building 3号楼 in grid A1 and 5号楼 in grid A2. Branch B has one
 * compound in another community. Names are unique per call so several cities can share a file.
 */
let cities = 0;

export async function makeTwoBranchCity(db: Db) {
  cities += 1;
  const tag = cities === 1 ? '' : String(cities);
  const branchA = await makeBranch(db, { name: `东区分公司${tag}` });
  const branchB = await makeBranch(db, { name: `西区分公司${tag}` });
  const gridA1 = await makeGrid(db, { branchId: branchA.id });
  const gridA2 = await makeGrid(db, { branchId: branchA.id });
  const gridB = await makeGrid(db, { branchId: branchB.id });
  const communityA = await makeCommunity(db, { name: `金色港湾社区${tag}` });
  const communityB = await makeCommunity(db, { name: `代书胡同社区${tag}` });
  const compoundA = await makeCompound(db, { branchId: branchA.id, communityId: communityA.id, name: `金色港湾小区${tag}` });
  const compoundB = await makeCompound(db, { branchId: branchB.id, communityId: communityB.id, name: `代书胡同3号院${tag}` });
  const building3 = await makeBuilding(db, { compoundId: compoundA.id, gridId: gridA1.id, name: '3号楼' });
  const building5 = await makeBuilding(db, { compoundId: compoundA.id, gridId: gridA2.id, name: '5号楼' });
  const buildingB = await makeBuilding(db, { compoundId: compoundB.id, gridId: gridB.id, name: '1号楼' });
  const household502 = await makeHousehold(db, { buildingId: building3.id, room: '502', phone: '13800005678' });
  const household601 = await makeHousehold(db, { buildingId: building5.id, room: '601' });
  const householdB = await makeHousehold(db, { buildingId: buildingB.id, room: '101' });
  return { branchA, branchB, gridA1, gridA2, gridB, communityA, communityB, compoundA, compoundB, building3, building5, buildingB, household502, household601, householdB };
}

export type TwoBranchCity = Awaited<ReturnType<typeof makeTwoBranchCity>>;
