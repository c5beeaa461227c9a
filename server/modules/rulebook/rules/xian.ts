/**
 * Xi'an rulebook. It differs from Zhengzhou where the issue says Xi'an differs: a suspended
 * household owes 30 % of the fee as a basic fee, and low-temperature reductions are 20/50/100 %
 * of the fee after deducting a 30 % basic fee; a leak gets a steward on site within 30 minutes.
 * Our sources do not give Xi'an's article numbers or its other figures: those are marked
 * "unverified" or demo values (copied from the Zhengzhou defaults) and must be checked.
 */
import type { Rules, Source } from '../rulebook.contract.ts';
import { coldSnapTargets, compliance, DB11_745, defaultPriority, escalationLadder, incidentGrouping, patrolPractice, referenceMethod, slaTarget as t, specialTargets, standardTargets } from './base.ts';
import { zhengzhou } from './zhengzhou.ts';

const XIAN_HEATING = '西安市城市集中供热条例';
const UNVERIFIED = 'unverified (title and article to be checked against the current Xi’an text)';
const COPIED = 'demo value copied from the Zhengzhou defaults; Xi’an figure not in our sources';

/**
 * A Zhengzhou section Xi'an uses until its own figures are found: Zhengzhou's values, under a
 * Xi'an source that says they are copied.
 */
function copiedFromZhengzhou<S extends { source: Source }>(section: S, source: Source = { document: XIAN_HEATING, article: UNVERIFIED, note: COPIED }): S {
  return { ...section, source };
}

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
  collectionWindow: copiedFromZhengzhou(zhengzhou.collectionWindow),
  changeWindow: copiedFromZhengzhou(zhengzhou.changeWindow),
  tariffs: copiedFromZhengzhou(zhengzhou.tariffs, {
    document: '西安市供热价格文件（西安市发展和改革委员会）',
    article: 'unverified',
    note: `${COPIED}. Xi’an is reported to price per m² per month (5.8 元/m²·month residential): verify and enter`,
  }),
  billingArea: copiedFromZhengzhou(zhengzhou.billingArea),
  suspension: {
    basicFeePercent: 30,
    source: { document: XIAN_HEATING, article: UNVERIFIED, note: 'a suspended household pays 30 % of the fee as a basic fee (domain.md §4)' },
  },
  arrears: copiedFromZhengzhou(zhengzhou.arrears),
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
    compliance,
    measurement: { ...referenceMethod, source: { document: DB11_745, article: 'clauses unverified', note: 'reference method' } },
    limits: copiedFromZhengzhou(zhengzhou.temperature.limits),
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
  outages: copiedFromZhengzhou(zhengzhou.outages),
  sla: {
    profiles: {
      standard: {
        targets: { ...standardTargets, leak: { normal: t(15, 60, 480), urgent: t(10, 30, 240) } },
        source: {
          document: '西安供热企业服务承诺',
          article: 'not a regulation',
          note: 'leak: on site within 30 min (Xi’an pledge, domain.md §4); other cells are demo values',
        },
      },
      special: {
        targets: { ...specialTargets, leak: { normal: t(10, 30, 240), urgent: t(10, 30, 180) } },
        source: { document: '西安供热企业服务承诺（特殊时期）', article: 'not a regulation', note: 'demo targets, stricter than standard' },
      },
      coldSnap: {
        targets: { ...coldSnapTargets, leak: { normal: t(15, 60, 480), urgent: t(10, 30, 240) } },
        source: { document: '西安供热企业寒潮应急预案', article: 'not a regulation', note: 'demo targets' },
      },
    },
    autoConfirmDays: 3,
    incident: incidentGrouping,
    escalation: {
      ladder: escalationLadder,
      source: {
        document: '西安供热企业服务承诺（内部升级制度）',
        article: 'not a regulation',
        note: 'demo ladder: the crew lead at the missed due time, the section after 1 h, the branch after 4 h',
      },
    },
    defaultPriority,
    source: { document: '西安供热企业服务承诺', article: 'not a regulation', note: 'demo values' },
  },
  patrols: {
    ...patrolPractice,
    source: { document: '供热企业运行巡检规程', article: 'not a regulation', note: COPIED },
  },
  tenure: copiedFromZhengzhou(zhengzhou.tenure, { document: '陕西省物业服务管理条例', article: 'unverified', note: COPIED }),
};
