/**
 * What the shipped rulebooks share because it is company practice or a national/reference
 * standard rather than a city's own law: service targets, the escalation ladder, the reference
 * measuring method, patrol routine. A city takes these and overrides the cells its own rules
 * or pledges set (Xi'an: leaks); each city still states its own source for every section, since
 * who vouches for a figure differs even where the figure does not.
 */
import type { Rules, SlaTarget } from '../rulebook.contract.ts';

type Sla = Rules['sla'];
type Temperature = Rules['temperature'];
type Without<T> = Omit<T, 'source'>;

/** One SLA cell: minutes to first response, to on site, to resolved. */
export const slaTarget = (firstResponseMinutes: number, onSiteMinutes: number, resolveMinutes: number): SlaTarget => ({
  firstResponseMinutes,
  onSiteMinutes,
  resolveMinutes,
});
const t = slaTarget;

/** Demo targets in normal times: complaints the same day, accidents on site within 2 h. */
export const standardTargets: Sla['profiles']['standard']['targets'] = {
  not_warm: { normal: t(60, 360, 1440), urgent: t(30, 120, 480) },
  no_heat: { normal: t(60, 240, 720), urgent: t(30, 120, 360) },
  leak: { normal: t(30, 120, 480), urgent: t(15, 120, 240) },
  valve: { normal: t(60, 360, 1440), urgent: t(30, 120, 480) },
  noise: { normal: t(120, 1440, 4320), urgent: t(60, 360, 1440) },
  other: { normal: t(120, 1440, 4320), urgent: t(60, 360, 1440) },
  temperature_complaint: { normal: t(60, 720, 2880), urgent: t(30, 360, 1440) },
};

/** Demo targets for special periods (management vacuum, major events): stricter than standard. */
export const specialTargets: Sla['profiles']['special']['targets'] = {
  not_warm: { normal: t(30, 240, 720), urgent: t(15, 60, 240) },
  no_heat: { normal: t(30, 120, 480), urgent: t(15, 60, 240) },
  leak: { normal: t(15, 60, 240), urgent: t(10, 60, 180) },
  valve: { normal: t(30, 240, 720), urgent: t(15, 60, 240) },
  noise: { normal: t(60, 720, 2880), urgent: t(30, 240, 720) },
  other: { normal: t(60, 720, 2880), urgent: t(30, 240, 720) },
  temperature_complaint: { normal: t(30, 360, 1440), urgent: t(15, 240, 720) },
};

/** Demo targets in a cold snap: no-heat and leaks first, minor faults wait out the call flood. */
export const coldSnapTargets: Sla['profiles']['coldSnap']['targets'] = {
  not_warm: { normal: t(60, 480, 1440), urgent: t(30, 120, 480) },
  no_heat: { normal: t(30, 240, 720), urgent: t(15, 120, 360) },
  leak: { normal: t(30, 120, 480), urgent: t(15, 120, 240) },
  valve: { normal: t(60, 480, 1440), urgent: t(30, 120, 480) },
  noise: { normal: t(240, 2880, 5760), urgent: t(60, 720, 2880) },
  other: { normal: t(240, 2880, 5760), urgent: t(60, 720, 2880) },
  temperature_complaint: { normal: t(60, 720, 2880), urgent: t(30, 360, 1440) },
};

/** Demo ladder: the crew lead at the missed due time, the section after 1 h, the branch after 4 h. */
export const escalationLadder: Sla['escalation']['ladder'] = [
  { level: 1, target: 'crew_lead', afterMinutes: 0 },
  { level: 2, target: 'section', afterMinutes: 60 },
  { level: 3, target: 'branch', afterMinutes: 240 },
];

export const incidentGrouping: Sla['incident'] = { windowMinutes: 30, stationThreshold: 5, buildingThreshold: 3 };

// A leak damages the home and the neighbours below: urgent unless staff say otherwise.
export const defaultPriority: Sla['defaultPriority'] = {
  not_warm: 'normal',
  no_heat: 'normal',
  leak: 'urgent',
  valve: 'normal',
  noise: 'normal',
  other: 'normal',
  temperature_complaint: 'normal',
};

export const DB11_745 = 'DB11/T 745 住宅采暖室内空气温度测量方法（北京市地方标准）';

/** The reference measuring method (Beijing DB11/T 745), used where a city has no standard of its own. */
export const referenceMethod: Without<Temperature['measurement']> = {
  heightM: 1.4,
  outerWallMinM: 1.5,
  innerWallMinM: 1.0,
  largeRoomM2: 16,
  pointsSmallRoom: 1,
  pointsLargeRoom: 5,
  stabilityDeltaC: 0.2,
  stabilityMinutes: 10,
  readingsPerPoint: 3,
  readingIntervalMinutes: 1,
  instrumentAccuracyC: 0.3,
  selfCheckHeightM: [0.7, 1.8],
};

export const compliance: Temperature['compliance'] = {
  recentDays: 3,
  source: { document: '供热企业室温监测做法', article: 'not a regulation', note: 'demo value: how far back the compliance picture looks for readings' },
};

/** Demo patrol routine and station operating bands: each company sets its own. */
export const patrolPractice: Without<Rules['patrols']> = {
  frequencyHours: { station: 24, pipe: 72 },
  clusterDays: 3,
  boostFactor: { vacuum: 2, complaintCluster: 3, coldSnap: 2 },
  bands: {
    primarySupplyC: [70, 130],
    primaryReturnC: [40, 70],
    secondarySupplyC: [40, 65],
    secondaryReturnC: [30, 50],
    primaryPressureMpa: [0.6, 1.6],
    secondaryPressureMpa: [0.2, 0.6],
  },
};
