/**
 * The official measurement (测温): the steward of the household's grid, a calibrated instrument,
 * the reference method checked field by field, the finding computed by the rulebook. A
 * below-standard finding opens the household's non-compliance period; a compliant one closes it.
 * Everything — measurement, complaint, period, audit — is one transaction.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { businessDate } from '../../kernel/business-time.ts';
import type { Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Invalid, type FieldProblem } from '../../kernel/errors.ts';
import { asDomain, requireSeasonOf, rulesFor, type Rules } from '../rulebook/index.ts';
import { staffHousehold } from './access.ts';
import { measurementResult, methodProblems } from './measurement.calc.ts';
import type { MeasurementView, NewMeasurement } from './temperature.contract.ts';
import { noncompliancePeriods, officialMeasurements, temperatureComplaints, temperatureInstruments } from './temperature.schema.ts';

/** A paper record may be entered this late; older findings need a clerk's correction instead. */
const MEASUREMENT_LATE_DAYS = 7;

function whenMeasured(now: Date, given: string | undefined): Date {
  const at = given ? new Date(given) : now;
  if (at.getTime() > now.getTime() + 5 * 60_000) throw new Invalid('The measurement is in the future', [{ field: 'measuredAt', message: 'cannot be in the future', rule: 'in_future' }], 'measured_in_future');
  if (now.getTime() - at.getTime() > MEASUREMENT_LATE_DAYS * 86_400_000) {
    throw new Invalid('The measurement is too old to enter', [{ field: 'measuredAt', message: `at most ${MEASUREMENT_LATE_DAYS} days ago`, rule: 'too_old', params: { days: MEASUREMENT_LATE_DAYS } }], 'measured_too_long_ago', { days: MEASUREMENT_LATE_DAYS });
  }
  return at;
}

async function instrumentProblems(db: Db, instrumentId: number, measuredOn: string): Promise<{ problems: FieldProblem[]; serialNo: string }> {
  const [instrument] = await db.select().from(temperatureInstruments).where(eq(temperatureInstruments.id, instrumentId));
  if (!instrument) return { problems: [{ field: 'instrumentId', message: `instrument ${instrumentId} is not registered`, rule: 'unknown_ref' }], serialNo: '' };
  const problems: FieldProblem[] = [];
  if (instrument.calibrationDueOn < measuredOn) {
    problems.push({ field: 'instrumentId', message: `instrument ${instrument.serialNo} is past its calibration (due ${instrument.calibrationDueOn}); use a calibrated one`, rule: 'calibration_expired', params: { serialNo: instrument.serialNo, dueOn: instrument.calibrationDueOn } });
  } else if (instrument.calibratedOn > measuredOn) {
    problems.push({ field: 'instrumentId', message: `instrument ${instrument.serialNo} was calibrated only on ${instrument.calibratedOn}`, rule: 'calibrated_later', params: { serialNo: instrument.serialNo, calibratedOn: instrument.calibratedOn } });
  }
  return { problems, serialNo: instrument.serialNo };
}

export async function recordMeasurement(deps: Deps, actor: Actor, input: NewMeasurement): Promise<MeasurementView> {
  const place = await staffHousehold(deps.db, actor, input.householdId, ['steward', 'crew_lead']);
  const measuredAt = whenMeasured(deps.clock.now(), input.measuredAt);
  const { rules, versionId } = await rulesFor(deps.db, place.city, measuredAt);
  const measuredOn = businessDate(measuredAt, rules.city.timeZone);
  const season = asDomain(() => requireSeasonOf(rules, measuredOn));

  const instrument = await instrumentProblems(deps.db, input.instrumentId, measuredOn);
  const problems = [...instrument.problems, ...methodProblems(rules, input)];
  let complaint: typeof temperatureComplaints.$inferSelect | undefined;
  if (input.complaintId !== undefined) {
    [complaint] = await deps.db.select().from(temperatureComplaints).where(eq(temperatureComplaints.id, input.complaintId));
    if (!complaint || complaint.householdId !== place.householdId) problems.push({ field: 'complaintId', message: 'not a complaint of this household', rule: 'not_this_households' });
    else if (measuredAt < complaint.openedAt) problems.push({ field: 'measuredAt', message: 'cannot be before the complaint was made', rule: 'before_complaint' });
  }
  if (problems.length > 0) throw new Invalid('The measurement does not follow the method', problems, 'invalid_measurement');

  const result = measurementResult(rules, input);
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(officialMeasurements)
      .values({
        householdId: place.householdId,
        complaintId: complaint?.id ?? null,
        gridId: place.gridId,
        city: place.city,
        rulebookVersionId: versionId,
        stewardUserId: actor.userId!,
        instrumentId: input.instrumentId,
        measuredAt,
        measuredOn,
        outdoorMeanC: input.outdoorMeanC,
        doorsWindowsClosed: input.doorsWindowsClosed,
        userFaults: input.userFaults,
        residentAcknowledged: input.residentAcknowledged,
        residentName: input.residentName ?? null,
        rooms: result.rooms,
        resultC: result.resultC,
        outcome: result.outcome,
        tierPercent: result.tierPercent,
        createdAt: deps.clock.now(),
      })
      .returning();
    const m = row!;
    if (complaint && complaint.status === 'open') {
      await tx.update(temperatureComplaints).set({ status: 'measured', measuredAt }).where(eq(temperatureComplaints.id, complaint.id));
    }
    const periodId = await movePeriod(tx, { ...m, season: season.code }, complaint);
    await writeAudit(tx, deps.clock, actor, { action: 'temperature.measure', entity: 'official_measurement', entityId: m.id, after: { ...m, periodId } });
    return toView(rules, m, instrument.serialNo, periodId);
  });
}

/** Open the household's period on a below-standard finding, close it on a later compliant one. */
async function movePeriod(
  tx: Db,
  m: typeof officialMeasurements.$inferSelect & { season: string },
  complaint: typeof temperatureComplaints.$inferSelect | undefined,
): Promise<number | null> {
  const [open] = await tx.select().from(noncompliancePeriods).where(and(eq(noncompliancePeriods.householdId, m.householdId), isNull(noncompliancePeriods.endsOn)));
  if (m.outcome === 'below_standard' && !open) {
    // From the request day; a finding without a complaint (a steward's own check) from its day.
    const [row] = await tx
      .insert(noncompliancePeriods)
      .values({
        householdId: m.householdId,
        city: m.city,
        season: m.season,
        complaintId: complaint?.id ?? null,
        openedByMeasurementId: m.id,
        requestedAt: complaint?.openedAt ?? m.measuredAt,
        startsOn: complaint?.requestDay ?? m.measuredOn,
      })
      .returning({ id: noncompliancePeriods.id });
    return row!.id;
  }
  if (m.outcome === 'compliant' && open && m.measuredOn > open.startsOn) {
    await tx
      .update(noncompliancePeriods)
      .set({ endsOn: m.measuredOn, closedByMeasurementId: m.id, closedAt: m.measuredAt })
      .where(eq(noncompliancePeriods.id, open.id));
    return open.id;
  }
  return open?.id ?? null;
}

export function toView(rules: Rules, m: typeof officialMeasurements.$inferSelect, serialNo: string, periodId: number | null): MeasurementView {
  return {
    id: m.id,
    householdId: m.householdId,
    complaintId: m.complaintId,
    measuredAt: m.measuredAt.toISOString(),
    measuredOn: m.measuredOn,
    instrumentSerial: serialNo,
    outdoorMeanC: m.outdoorMeanC,
    resultC: m.resultC,
    outcome: m.outcome,
    tierPercent: m.tierPercent,
    standardC: rules.temperature.standardC,
    rooms: m.rooms.map((r) => ({ room: r.room, label: r.label ?? null, areaM2: r.areaM2, meanC: r.meanC, points: r.points.length })),
    userFaults: m.userFaults,
    residentAcknowledged: m.residentAcknowledged,
    periodId,
  };
}
