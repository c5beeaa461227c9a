/** Reads of the temperature guarantee: the resident's guide, their readings, a household's findings. */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import type { Deps } from '../../kernel/deps.ts';
import { defaultCityCode, rulesFor } from '../rulebook/index.ts';
import { placeOf, readableHousehold } from './access.ts';
import { toView } from './measurement.service.ts';
import { readingPhotoUrls } from './photos.service.ts';
import { SELF_CHECKS, type GuideView, type MeasurementView, type ReadingView } from './temperature.contract.ts';
import { noncompliancePeriods, officialMeasurements, temperatureInstruments, temperatureReadings } from './temperature.schema.ts';

/** The method in the numbers of the rulebook in force: the resident's city when signed in. */
export async function guide(deps: Deps, actor: Actor | undefined, city: string | undefined): Promise<GuideView> {
  let c = city;
  const own = actor ? scopeIds(actor, 'household') : [];
  if (!c && own.length > 0) c = (await placeOf(deps.db, own[0]!)).city;
  const { rules } = await rulesFor(deps.db, c ?? defaultCityCode, deps.clock.now());
  const m = rules.temperature.measurement;
  return {
    city: rules.city.code,
    cityName: rules.city.name,
    standardC: rules.temperature.standardC,
    rooms: [...rules.temperature.rooms],
    heightM: m.heightM,
    outerWallMinM: m.outerWallMinM,
    innerWallMinM: m.innerWallMinM,
    largeRoomM2: m.largeRoomM2,
    pointsSmallRoom: m.pointsSmallRoom,
    pointsLargeRoom: m.pointsLargeRoom,
    stabilityDeltaC: m.stabilityDeltaC,
    stabilityMinutes: m.stabilityMinutes,
    readingsPerPoint: m.readingsPerPoint,
    readingIntervalMinutes: m.readingIntervalMinutes,
    instrumentAccuracyC: m.instrumentAccuracyC,
    selfCheckHeightM: [m.selfCheckHeightM[0], m.selfCheckHeightM[1]],
    measureWithinHours: rules.temperature.limits.measureWithinHours,
    selfChecks: [...SELF_CHECKS],
  };
}

export async function myReadings(deps: Deps, actor: Actor): Promise<ReadingView[]> {
  const own = hasRole(actor, 'resident') ? scopeIds(actor, 'household') : [];
  if (own.length === 0) return [];
  const rows = await deps.db.select().from(temperatureReadings).where(inArray(temperatureReadings.householdId, own)).orderBy(desc(temperatureReadings.measuredAt)).limit(50);
  const place = await placeOf(deps.db, own[0]!);
  const { rules } = await rulesFor(deps.db, place.city, deps.clock.now());
  const standardC = rules.temperature.standardC;
  // The rows are the resident's own household's, so their photos are theirs to see.
  const photos = await readingPhotoUrls(deps.db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    householdId: r.householdId,
    room: r.room,
    celsius: r.celsius,
    measuredAt: r.measuredAt.toISOString(),
    standardC,
    belowStandard: r.celsius < standardC,
    photoUrls: photos.get(r.id) ?? [],
  }));
}

/** A household's official findings, newest first, each with the period it opened or closed. */
export async function householdMeasurements(deps: Deps, actor: Actor, householdId: number): Promise<MeasurementView[]> {
  const place = await readableHousehold(deps.db, actor, householdId);
  const { rules } = await rulesFor(deps.db, place.city, deps.clock.now());
  const rows = await deps.db
    .select({ m: officialMeasurements, serialNo: temperatureInstruments.serialNo })
    .from(officialMeasurements)
    .innerJoin(temperatureInstruments, eq(temperatureInstruments.id, officialMeasurements.instrumentId))
    .where(eq(officialMeasurements.householdId, householdId))
    .orderBy(desc(officialMeasurements.measuredAt))
    .limit(50);
  const periods = await deps.db.select().from(noncompliancePeriods).where(and(eq(noncompliancePeriods.householdId, householdId)));
  return rows.map(({ m, serialNo }) => {
    const period = periods.find((p) => p.openedByMeasurementId === m.id || p.closedByMeasurementId === m.id);
    return toView(rules, m, serialNo, period?.id ?? null);
  });
}
