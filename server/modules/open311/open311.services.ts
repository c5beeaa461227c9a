/**
 * The Open311 service list: one service per repair request category. The codes are the
 * repairs module's categories, so a post needs no translation table and a new category shows
 * up here only when it is added below (the type makes the list exhaustive).
 */
import type { RepairCategory } from '../repairs/index.ts';
import { list, type XmlValue } from './open311.xml.ts';

export interface AttributeValue {
  key: string;
  name: string;
}

export interface ServiceAttribute {
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatypeDescription: string;
  order: number;
  description: string;
  values: AttributeValue[];
}

export interface Service {
  code: RepairCategory;
  name: string;
  description: string;
  keywords: string[];
  group: string;
  attributes: ServiceAttribute[];
}

const HEATING = '供暖报修';

export const SERVICES: Record<RepairCategory, Service> = {
  not_warm: {
    code: 'not_warm',
    name: '暖气不热',
    description: '室温偏低、暖气片温度不足（有供热但不够热）。',
    keywords: ['不热', '室温低', '温度不够'],
    group: HEATING,
    attributes: [],
  },
  no_heat: {
    code: 'no_heat',
    name: '不供热',
    description: '暖气完全不热、停暖。',
    keywords: ['不供热', '停暖', '没暖气'],
    group: HEATING,
    attributes: [],
  },
  leak: {
    code: 'leak',
    name: '漏水',
    description: '暖气片、管道或阀门漏水、跑水。',
    keywords: ['漏水', '跑水', '滴水'],
    group: HEATING,
    attributes: [
      {
        code: 'leak_where',
        datatype: 'singlevaluelist',
        required: false,
        datatypeDescription: '选择一项',
        order: 1,
        description: '漏水位置',
        values: [
          { key: 'indoor', name: '户内' },
          { key: 'stairwell', name: '楼道/管井' },
          { key: 'outdoor', name: '室外管网' },
        ],
      },
    ],
  },
  valve: {
    code: 'valve',
    name: '阀门问题',
    description: '阀门无法开关、损坏或需要调节。',
    keywords: ['阀门', '开关阀'],
    group: HEATING,
    attributes: [],
  },
  noise: {
    code: 'noise',
    name: '暖气异响',
    description: '暖气片或管道有异常响声。',
    keywords: ['异响', '噪音', '水流声'],
    group: HEATING,
    attributes: [],
  },
  other: {
    code: 'other',
    name: '其他供暖问题',
    description: '其他与供暖有关的问题。',
    keywords: ['其他'],
    group: HEATING,
    attributes: [],
  },
};

export function serviceFor(code: string): Service | undefined {
  return Object.hasOwn(SERVICES, code) ? SERVICES[code as RepairCategory] : undefined;
}

export function serviceListTree(): XmlValue {
  return list(
    'service',
    Object.values(SERVICES).map((s) => ({
      service_code: s.code,
      service_name: s.name,
      description: s.description,
      metadata: s.attributes.length > 0,
      type: 'realtime',
      keywords: s.keywords.join(','),
      group: s.group,
    })),
  );
}

export function serviceDefinitionTree(s: Service): XmlValue {
  return {
    service_code: s.code,
    attributes: list(
      'attribute',
      s.attributes.map((a) => ({
        variable: true,
        code: a.code,
        datatype: a.datatype,
        required: a.required,
        datatype_description: a.datatypeDescription,
        order: a.order,
        description: a.description,
        values: list('value', a.values.map((v) => ({ key: v.key, name: v.name }))),
      })),
    ),
  };
}
