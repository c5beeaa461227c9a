/**
 * Zhengzhou (Henan) rulebook — the default. Figures from domain.md §4 and the regulations in §6.
 * Where an article number could not be checked, the source says "unverified" instead of
 * inventing one; `note` marks demo values that an admin must confirm before go-live.
 */
import type { Rules } from '../rulebook.contract.ts';
import { coldSnapTargets, compliance, DB11_745, defaultPriority, escalationLadder, incidentGrouping, patrolPractice, referenceMethod, specialTargets, standardTargets } from './base.ts';

const ZZ_HEATING = '郑州市城市供热与用热管理办法';
const HENAN_183 = '河南省集中供热管理试行办法（河南省人民政府令第183号）';
const LUOYANG = '洛阳市集中供热条例（2018）';

export const zhengzhou: Rules = {
  city: {
    code: 'zhengzhou',
    name: { zh: '郑州', en: 'Zhengzhou' },
    timeZone: 'Asia/Shanghai',
    source: { document: ZZ_HEATING, article: 'whole document', note: 'default rulebook; Henan provincial rules apply' },
  },
  season: {
    start: { month: 11, day: 15 },
    end: { month: 3, day: 15 },
    billedDays: 120,
    overrides: [
      {
        season: '2021-22',
        end: '2022-03-22',
        reason: '郑州市政府通知：供暖延长至2022年3月22日（不额外收费）',
      },
      {
        season: '2022-23',
        end: '2023-03-18',
        reason: '郑州市政府通知：供暖延长至2023年3月18日（不额外收费）',
      },
    ],
    source: {
      document: ZZ_HEATING,
      article: 'art. 15 (as cited by city notices; unverified)',
      note: '11-15 00:00 to 03-15 00:00. Extension end dates are stored exclusive (heating stops at 00:00); verify whether the notices meant 24:00 of that day.',
    },
  },
  collectionWindow: {
    start: '09-01',
    end: '11-10',
    source: { document: ZZ_HEATING, article: 'art. 21 (as cited by city notices; unverified)', note: 'whole season paid at once' },
  },
  changeWindow: {
    start: '04-01',
    end: '09-30',
    source: { document: ZZ_HEATING, article: 'unverified', note: 'suspension/resumption, area and holder changes' },
  },
  tariffs: {
    residential: { dailyPerM2YuanE4: 1900, metered: { basicPerM2SeasonYuanE4: 68400, perKwhYuanE4: 2170 } },
    nonResidential: { dailyPerM2YuanE4: 2800, metered: { basicPerM2SeasonYuanE4: 68400, perKwhYuanE4: 2170 } },
    source: {
      document: '郑州市供热价格文件（郑州市发展和改革委员会）',
      article: 'unverified',
      note: 'demo defaults, 2012–2017 figures: residential 0.19 元/m²·day (22.80 元/m² per 120 days), non-residential 0.28; metered 6.84 元/m²·season + 0.217 元/kWh. Non-residential metered figures copied from residential: confirm.',
    },
  },
  billingArea: {
    grossAreaPercent: 90,
    source: { document: ZZ_HEATING, article: 'unverified', note: 'interior area (套内建筑面积), else 90 % of gross area' },
  },
  suspension: {
    basicFeePercent: 0,
    source: { document: ZZ_HEATING, article: 'unverified', note: 'no basic fee for a suspended household (default 0)' },
  },
  arrears: {
    remindersBeforeValveClose: 2,
    source: { document: HENAN_183, article: 'unverified', note: 'close the valve only after two reminders (催缴); payment re-opens it' },
  },
  temperature: {
    standardC: 18,
    rooms: ['bedroom', 'living_room'],
    source: { document: `${HENAN_183}; GB/T 33833-2017 城镇供热服务`, article: 'Henan art. 26; GB/T 33833 §5.1' },
    exemptions: {
      designOutdoorC: -3.8,
      userFault: true,
      source: {
        document: `${HENAN_183}; GB 50736-2012 民用建筑供暖通风与空气调节设计规范`,
        article: 'Henan art. 26; GB 50736 附录A (Zhengzhou heating design outdoor temperature)',
        note: 'demo value −3.8 °C: check against the current edition of GB 50736 附录A',
      },
    },
    compliance,
    measurement: {
      ...referenceMethod,
      source: {
        document: DB11_745,
        article: 'clauses unverified',
        note: 'Beijing method used as the reference method; Henan has no own standard in our sources',
      },
    },
    limits: {
      measureWithinHours: 12,
      minHoursBelow: 48,
      excludedDaysAtStart: 5,
      excludedDaysAtEnd: 5,
      settlementMonthsAfterSeason: 2,
      source: { document: `${HENAN_183}; ${LUOYANG}`, article: 'Henan art. 27; Luoyang art. 29' },
    },
    reduction: {
      basicFeePercentDeducted: 0,
      tiers: [
        { belowC: 18, atLeastC: 14, percent: 50 },
        { belowC: 14, atLeastC: null, percent: 100 },
      ],
      source: {
        document: `${HENAN_183}; ${LUOYANG}`,
        article: 'Henan art. 27; Luoyang art. 29',
        note: '14 ≤ T < 18 °C → half the daily fee; T < 14 °C → the whole daily fee, from the request day',
      },
    },
  },
  outages: {
    notifyAtHours: 8,
    reduceAtHours: 12,
    source: { document: `${HENAN_183}; ${LUOYANG}`, article: 'Henan arts. 24–25 and Luoyang arts. 27–28 (unverified which)' },
  },
  sla: {
    profiles: {
      standard: {
        targets: standardTargets,
        source: {
          document: `${HENAN_183}; 供热企业服务承诺`,
          article: 'Henan art. 25 (unverified)',
          note: 'demo targets: complaints answered the same day or within 2 days; accidents on site within 2 h; measure within 12 h; company pledge reply 1 h, on site 6 h',
        },
      },
      special: {
        targets: specialTargets,
        source: {
          document: '供热企业服务承诺（特殊时期：管理空窗期、重大活动）',
          article: 'not a regulation',
          note: 'demo targets, stricter than standard: "第一时间发现、第一时间响应、第一时间处理"',
        },
      },
      coldSnap: {
        targets: coldSnapTargets,
        source: {
          document: '供热企业寒潮应急预案',
          article: 'not a regulation',
          note: 'demo targets: no-heat and leaks first, minor faults may wait during the call flood',
        },
      },
    },
    autoConfirmDays: 3,
    incident: incidentGrouping,
    escalation: {
      ladder: escalationLadder,
      source: {
        document: '供热企业服务承诺（内部升级制度）',
        article: 'not a regulation',
        note: 'demo ladder: the crew lead at the missed due time, the section after 1 h, the branch after 4 h',
      },
    },
    defaultPriority,
    source: { document: '供热企业服务承诺', article: 'not a regulation', note: 'demo values for auto-confirmation and incident grouping' },
  },
  patrols: {
    ...patrolPractice,
    source: {
      document: '供热企业运行巡检规程',
      article: 'not a regulation',
      note: 'demo values: each company sets its own patrol frequencies and station operating bands',
    },
  },
  tenure: {
    emergencyManagerMaxMonths: 12,
    source: {
      document: '郑州市物业管理条例; 河南省物业管理条例',
      article: 'unverified (domain.md lists Zhengzhou arts. 42, 45, 62; Henan arts. 52–54)',
      note: 'emergency property manager (应急物业服务人) appointed by the subdistrict for at most one year',
    },
  },
};
