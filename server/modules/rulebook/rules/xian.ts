/**
 * Xi'an rulebook. It differs from Zhengzhou where the issue says Xi'an differs: a suspended
 * household owes 30 % of the fee as a basic fee, and low-temperature reductions are 20/50/100 %
 * of the fee after deducting a 30 % basic fee; a leak gets a steward on site within 30 minutes.
 * Our sources do not give Xi'an's article numbers or its other figures: those are marked
 * "unverified" or demo values (copied from the Zhengzhou defaults) and must be checked.
 */
import type { Rules, SlaTarget } from '../rulebook.contract.ts';

const XIAN_HEATING = '西安市城市集中供热条例';
const UNVERIFIED = 'unverified (title and article to be checked against the current Xi’an text)';
const COPIED = 'demo value copied from the Zhengzhou defaults; Xi’an figure not in our sources';

const t = (firstResponseMinutes: number, onSiteMinutes: number, resolveMinutes: number): SlaTarget => ({
  firstResponseMinutes,
  onSiteMinutes,
  resolveMinutes,
});

export const xian: Rules = {
  city: {
    code: 'xian',
    name: { zh: '西安', en: "Xi'an" },
    timeZone: 'Asia/Shanghai',
    source: { document: XIAN_HEATING, article: UNVERIFIED },
  },
  season: {
    start: { month: 11, day: 15 },
    end: { month: 3, day: 15 },
    billedDays: 120,
    overrides: [],
    source: { document: XIAN_HEATING, article: UNVERIFIED, note: '11-15 00:00 to 03-15 00:00' },
  },
  collectionWindow: { start: '09-01', end: '11-10', source: { document: XIAN_HEATING, article: UNVERIFIED, note: COPIED } },
  changeWindow: { start: '04-01', end: '09-30', source: { document: XIAN_HEATING, article: UNVERIFIED, note: COPIED } },
  tariffs: {
    residential: { dailyPerM2YuanE4: 1900, metered: { basicPerM2SeasonYuanE4: 68400, perKwhYuanE4: 2170 } },
    nonResidential: { dailyPerM2YuanE4: 2800, metered: { basicPerM2SeasonYuanE4: 68400, perKwhYuanE4: 2170 } },
    source: {
      document: '西安市供热价格文件（西安市发展和改革委员会）',
      article: 'unverified',
      note: `${COPIED}. Xi’an is reported to price per m² per month (5.8 元/m²·month residential): verify and enter`,
    },
  },
  billingArea: { grossAreaPercent: 90, source: { document: XIAN_HEATING, article: UNVERIFIED, note: COPIED } },
  suspension: {
    basicFeePercent: 30,
    source: { document: XIAN_HEATING, article: UNVERIFIED, note: 'a suspended household pays 30 % of the fee as a basic fee (domain.md §4)' },
  },
  arrears: { remindersBeforeValveClose: 2, source: { document: XIAN_HEATING, article: UNVERIFIED, note: COPIED } },
  temperature: {
    standardC: 18,
    rooms: ['bedroom', 'living_room'],
    source: { document: `GB/T 33833-2017 城镇供热服务; ${XIAN_HEATING}`, article: 'GB/T 33833 §5.1; Xi’an article unverified' },
    exemptions: {
      designOutdoorC: -3.4,
      userFault: true,
      source: {
        document: 'GB 50736-2012 民用建筑供暖通风与空气调节设计规范',
        article: '附录A (Xi’an heating design outdoor temperature)',
        note: 'demo value −3.4 °C: check against the current edition of GB 50736 附录A',
      },
    },
    compliance: {
      recentDays: 3,
      source: { document: '供热企业室温监测做法', article: 'not a regulation', note: 'demo value: how far back the compliance picture looks for readings' },
    },
    measurement: {
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
      source: { document: 'DB11/T 745 住宅采暖室内空气温度测量方法（北京市地方标准）', article: 'clauses unverified', note: 'reference method' },
    },
    limits: {
      measureWithinHours: 12,
      minHoursBelow: 48,
      excludedDaysAtStart: 5,
      excludedDaysAtEnd: 5,
      settlementMonthsAfterSeason: 2,
      source: { document: XIAN_HEATING, article: UNVERIFIED, note: COPIED },
    },
    reduction: {
      basicFeePercentDeducted: 30,
      tiers: [
        { belowC: 18, atLeastC: 16, percent: 20 },
        { belowC: 16, atLeastC: 14, percent: 50 },
        { belowC: 14, atLeastC: null, percent: 100 },
      ],
      source: {
        document: XIAN_HEATING,
        article: UNVERIFIED,
        note: 'reduction of the fee after deducting a 30 % basic fee: 20 / 50 / 100 %. The band edges (16–18, 14–16, < 14 °C) are our assumption: check them against the current text',
      },
    },
  },
  outages: { notifyAtHours: 8, reduceAtHours: 12, source: { document: XIAN_HEATING, article: UNVERIFIED, note: COPIED } },
  sla: {
    profiles: {
      standard: {
        targets: {
          not_warm: { normal: t(60, 360, 1440), urgent: t(30, 120, 480) },
          no_heat: { normal: t(60, 240, 720), urgent: t(30, 120, 360) },
          leak: { normal: t(15, 60, 480), urgent: t(10, 30, 240) },
          valve: { normal: t(60, 360, 1440), urgent: t(30, 120, 480) },
          noise: { normal: t(120, 1440, 4320), urgent: t(60, 360, 1440) },
          other: { normal: t(120, 1440, 4320), urgent: t(60, 360, 1440) },
          temperature_complaint: { normal: t(60, 720, 2880), urgent: t(30, 360, 1440) },
        },
        source: {
          document: '西安供热企业服务承诺',
          article: 'not a regulation',
          note: 'leak: on site within 30 min (Xi’an pledge, domain.md §4); other cells are demo values',
        },
      },
      special: {
        targets: {
          not_warm: { normal: t(30, 240, 720), urgent: t(15, 60, 240) },
          no_heat: { normal: t(30, 120, 480), urgent: t(15, 60, 240) },
          leak: { normal: t(10, 30, 240), urgent: t(10, 30, 180) },
          valve: { normal: t(30, 240, 720), urgent: t(15, 60, 240) },
          noise: { normal: t(60, 720, 2880), urgent: t(30, 240, 720) },
          other: { normal: t(60, 720, 2880), urgent: t(30, 240, 720) },
          temperature_complaint: { normal: t(30, 360, 1440), urgent: t(15, 240, 720) },
        },
        source: { document: '西安供热企业服务承诺（特殊时期）', article: 'not a regulation', note: 'demo targets, stricter than standard' },
      },
      coldSnap: {
        targets: {
          not_warm: { normal: t(60, 480, 1440), urgent: t(30, 120, 480) },
          no_heat: { normal: t(30, 240, 720), urgent: t(15, 120, 360) },
          leak: { normal: t(15, 60, 480), urgent: t(10, 30, 240) },
          valve: { normal: t(60, 480, 1440), urgent: t(30, 120, 480) },
          noise: { normal: t(240, 2880, 5760), urgent: t(60, 720, 2880) },
          other: { normal: t(240, 2880, 5760), urgent: t(60, 720, 2880) },
          temperature_complaint: { normal: t(60, 720, 2880), urgent: t(30, 360, 1440) },
        },
        source: { document: '西安供热企业寒潮应急预案', article: 'not a regulation', note: 'demo targets' },
      },
    },
    autoConfirmDays: 3,
    incident: { windowMinutes: 30, stationThreshold: 5, buildingThreshold: 3 },
    escalation: {
      ladder: [
        { level: 1, target: 'crew_lead', afterMinutes: 0 },
        { level: 2, target: 'section', afterMinutes: 60 },
        { level: 3, target: 'branch', afterMinutes: 240 },
      ],
      source: {
        document: '西安供热企业服务承诺（内部升级制度）',
        article: 'not a regulation',
        note: 'demo ladder: the crew lead at the missed due time, the section after 1 h, the branch after 4 h',
      },
    },
    // A leak damages the home and the neighbours below: urgent unless staff say otherwise.
    defaultPriority: { not_warm: 'normal', no_heat: 'normal', leak: 'urgent', valve: 'normal', noise: 'normal', other: 'normal', temperature_complaint: 'normal' },
    source: { document: '西安供热企业服务承诺', article: 'not a regulation', note: 'demo values' },
  },
  patrols: {
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
    source: { document: '供热企业运行巡检规程', article: 'not a regulation', note: COPIED },
  },
  tenure: {
    emergencyManagerMaxMonths: 12,
    source: { document: '陕西省物业服务管理条例', article: 'unverified', note: COPIED },
  },
};
