/**
 * Shared set-up for the temperature tests: a branch of a city with a station, two grids (each
 * with a steward), a crew lead, a clerk, a household with its resident on the first grid and one
 * on the second, and two instruments — one calibrated, one past its calibration.
 */
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../../kernel/db.ts';
import type { Client, TestApp } from '../../test/test-app.ts';
import { makeBranch, makeBuilding, makeCompound, makeGrid, makeGridAssignment, makeHousehold } from '../../test/factories.ts';
import { buildings, crews, stations } from '../registry/index.ts';
import type { MeasuredRoomInput, NewMeasurement } from './temperature.contract.ts';
import { temperatureInstruments } from './temperature.schema.ts';

export interface TemperatureCity {
  branchId: number;
  gridId: number;
  stationId: number;
  buildingId: number;
  compoundId: number;
  householdId: number;
  otherHouseholdId: number;
  instrumentId: number;
  expiredInstrumentId: number;
  steward: Client;
  otherSteward: Client;
  crewLead: Client;
  clerk: Client;
  resident: Client;
  otherResident: Client;
}

let n = 0;

export async function makeTemperatureCity(t: TestApp, city = 'zhengzhou'): Promise<TemperatureCity> {
  const db = t.deps.db;
  n += 1;
  const branch = await makeBranch(db, { city });
  const grid = await makeGrid(db, { branchId: branch.id });
  const otherGrid = await makeGrid(db, { branchId: branch.id });
  const [station] = await db.insert(stations).values({ branchId: branch.id, code: `ST-T${process.pid % 1000}-${n}`, name: `换热站${n}` }).returning();
  const compound = await makeCompound(db, { branchId: branch.id });
  const building = await makeBuilding(db, { compoundId: compound.id, gridId: grid.id });
  await db.update(buildings).set({ stationId: station!.id }).where(eq(buildings.id, building.id));
  const otherBuilding = await makeBuilding(db, { compoundId: compound.id, gridId: otherGrid.id });
  const household = await makeHousehold(db, { buildingId: building.id, grossAreaM2: '100.00' });
  const otherHousehold = await makeHousehold(db, { buildingId: otherBuilding.id });
  const steward = await t.loginAs('steward', [{ kind: 'grid', refId: grid.id }]);
  const otherSteward = await t.loginAs('steward', [{ kind: 'grid', refId: otherGrid.id }]);
  const crewLead = await t.loginAs('crew_lead', [{ kind: 'grid', refId: grid.id }]);
  await db.update(crews).set({ leadUserId: crewLead.actorId }).where(eq(crews.id, grid.crewId));
  await makeGridAssignment(db, { gridId: grid.id, stewardUserId: steward.actorId });
  await makeGridAssignment(db, { gridId: otherGrid.id, stewardUserId: otherSteward.actorId });
  const clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: branch.id }]);
  const resident = await t.loginAs('resident', [{ kind: 'household', refId: household.id }]);
  const otherResident = await t.loginAs('resident', [{ kind: 'household', refId: otherHousehold.id }]);
  const now = t.clock.now();
  const [ok] = await db
    .insert(temperatureInstruments)
    .values({ branchId: branch.id, serialNo: `TI-${process.pid}-${n}-ok`, model: '测温仪 A', accuracyC: 0.3, calibratedOn: '2026-09-01', calibrationDueOn: '2027-08-31', createdAt: now })
    .returning();
  const [expired] = await db
    .insert(temperatureInstruments)
    .values({ branchId: branch.id, serialNo: `TI-${process.pid}-${n}-old`, model: '测温仪 B', accuracyC: 0.3, calibratedOn: '2025-09-01', calibrationDueOn: '2026-08-31', createdAt: now })
    .returning();
  return {
    branchId: branch.id,
    gridId: grid.id,
    stationId: station!.id,
    buildingId: building.id,
    compoundId: compound.id,
    householdId: household.id,
    otherHouseholdId: otherHousehold.id,
    instrumentId: ok!.id,
    expiredInstrumentId: expired!.id,
    steward,
    otherSteward,
    crewLead,
    clerk,
    resident,
    otherResident,
  };
}

/** A small room measured by the method at one temperature (three readings a minute apart). */
export function room(celsius: number, over: Partial<MeasuredRoomInput> = {}): MeasuredRoomInput {
  return { room: 'bedroom', label: '主卧', areaM2: 12, points: [{ stabilityDeltaC: 0.1, stabilityMinutes: 10, readings: [celsius, celsius, celsius] }], ...over };
}

export function measurement(city: TemperatureCity, celsius: number, over: Partial<NewMeasurement> = {}): NewMeasurement {
  return {
    householdId: city.householdId,
    instrumentId: city.instrumentId,
    outdoorMeanC: 2,
    doorsWindowsClosed: true,
    userFaults: [],
    residentAcknowledged: true,
    residentName: '住户',
    rooms: [room(celsius), room(celsius, { room: 'living_room', label: '客厅', areaM2: 14 })],
    ...over,
  };
}

export async function count(t: TestApp, table: string, where = sql`true`): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.deps.db, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE ${where}`);
  return row!.n;
}
