/**
 * The official measurement's arithmetic, from the rulebook alone (no database, no clock): the
 * method's checks field by field, then the result. The outcome is computed here, never typed in
 * by the steward, so two stewards measuring the same readings always get the same finding.
 */
import type { FieldProblem } from '../../kernel/errors.ts';
import { tierPercentFor, type Rules } from '../rulebook/index.ts';
import type { MeasuredRoom, MeasuredRoomInput, MeasurementOutcome } from './temperature.contract.ts';

/** One decimal, half away from zero: what the thermometer shows and the statement prints. */
export function round1(c: number): number {
  return Math.sign(c) * Math.round(Math.abs(c) * 10 + 1e-9) / 10;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Points the method wants in a room of this size: 1, or 5 above the rulebook's large-room area. */
export function pointsRequired(rules: Rules, areaM2: number): number {
  const m = rules.temperature.measurement;
  return areaM2 > m.largeRoomM2 ? m.pointsLargeRoom : m.pointsSmallRoom;
}

/** Every way the input breaks the reference method, each under its field path. */
export function methodProblems(
  rules: Rules,
  input: { rooms: MeasuredRoomInput[]; doorsWindowsClosed: boolean },
): FieldProblem[] {
  const m = rules.temperature.measurement;
  const problems: FieldProblem[] = [];
  if (!input.doorsWindowsClosed) {
    problems.push({ field: 'doorsWindowsClosed', message: 'doors and windows must be closed while measuring', rule: 'doors_windows_open' });
  }
  if (input.rooms.length === 0) problems.push({ field: 'rooms', message: 'measure at least one room', rule: 'minItems', params: { limit: 1 } });
  input.rooms.forEach((room, r) => {
    const at = `rooms.${r}`;
    if (!rules.temperature.rooms.includes(room.room)) {
      problems.push({ field: `${at}.room`, message: `must be one of ${rules.temperature.rooms.join(', ')}`, rule: 'enum' });
    }
    const need = pointsRequired(rules, room.areaM2);
    if (room.points.length !== need) {
      problems.push({
        field: `${at}.points`,
        message: `a room of ${room.areaM2} m² needs ${need} point${need > 1 ? 's' : ''} (over ${m.largeRoomM2} m²: ${m.pointsLargeRoom}), got ${room.points.length}`,
        rule: 'points_required',
        params: { areaM2: room.areaM2, need, got: room.points.length },
      });
    }
    room.points.forEach((p, i) => {
      const pt = `${at}.points.${i}`;
      if (p.stabilityMinutes < m.stabilityMinutes) {
        problems.push({ field: `${pt}.stabilityMinutes`, message: `wait at least ${m.stabilityMinutes} min for a stable reading`, rule: 'not_stable_long_enough', params: { minutes: m.stabilityMinutes } });
      }
      if (p.stabilityDeltaC > m.stabilityDeltaC) {
        problems.push({ field: `${pt}.stabilityDeltaC`, message: `the reading moved ${p.stabilityDeltaC} °C; it must move at most ${m.stabilityDeltaC} °C before reading`, rule: 'reading_not_stable', params: { moved: p.stabilityDeltaC, limit: m.stabilityDeltaC } });
      }
      if (p.readings.length < m.readingsPerPoint) {
        problems.push({ field: `${pt}.readings`, message: `take ${m.readingsPerPoint} readings per point, got ${p.readings.length}`, rule: 'readings_per_point', params: { need: m.readingsPerPoint, got: p.readings.length } });
      }
    });
  });
  return problems;
}

export interface MeasurementResult {
  rooms: MeasuredRoom[];
  resultC: number;
  outcome: MeasurementOutcome;
  tierPercent: number;
}

/**
 * The finding: each point is the mean of its readings, a room the mean of its points, and the
 * household the coldest room (every bedroom and living room is owed the standard). Below the
 * standard, a user fault or an outdoor mean under the design temperature exempts the company.
 */
export function measurementResult(rules: Rules, input: { rooms: MeasuredRoomInput[]; outdoorMeanC: number; userFaults: string[] }): MeasurementResult {
  const rooms = input.rooms.map((room) => {
    const pointMeansC = room.points.map((p) => round1(mean(p.readings)));
    return { ...room, pointMeansC, meanC: round1(mean(room.points.map((p) => mean(p.readings)))) };
  });
  const resultC = Math.min(...rooms.map((r) => r.meanC));
  const { standardC, exemptions } = rules.temperature;
  const tierPercent = tierPercentFor(rules, resultC);
  let outcome: MeasurementOutcome = 'compliant';
  if (resultC < standardC) {
    if (exemptions.userFault && input.userFaults.length > 0) outcome = 'exempt_user_fault';
    else if (input.outdoorMeanC < exemptions.designOutdoorC) outcome = 'exempt_extreme_cold';
    else outcome = 'below_standard';
  }
  return { rooms, resultC, outcome, tierPercent };
}
