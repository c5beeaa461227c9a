/** The tenure module's problems in the UI language: field rules, then top-level codes (see ../i18n.ts). */
const zh = {
  problems: {
    contract_needs_company: '委托物业须选择物业公司',
    agent_needs_company: '代收供暖费须选择物业公司',
    agent_needs_contract: '只有委托物业才能代收供暖费',
    emergency_too_long: '应急物业最长服务 {{months}} 个月，最晚 {{latest}} 结束',
    tenure_overlap: '与“{{who}}”的服务期（{{from}} 至 {{to}}）重叠',
    end_cannot_extend: '结束服务不能延长服务期，最晚 {{endsOn}}；如需延长请修改结束日期',
    in_use: '仍被使用，不能删除',
  },
  apiErrors: {
    invalid_tenure: '服务期填写有误，请检查标红的项目。',
    tenure_overlap: '与“{{who}}”的服务期（{{from}} 至 {{to}}）重叠；同一小区的服务期不能有同一天。',
    in_use: '该物业公司有 {{tenures}} 段服务期记录，这些是历史记录，不能删除公司。',
    compound_outside_scope: '该小区不在您的管辖范围内（物业公司只在服务期内能看到所管小区）。',
  },
};

const en: typeof zh = {
  problems: {
    contract_needs_company: 'A contracted tenure needs its property company',
    agent_needs_company: 'Collecting fees as agent needs a property company',
    agent_needs_contract: 'Only a contracted property company collects heating fees',
    emergency_too_long: 'An emergency manager serves at most {{months}} months: end on or before {{latest}}',
    tenure_overlap: 'Overlaps the tenure of “{{who}}” ({{from}} to {{to}})',
    end_cannot_extend: 'Ending cannot extend the tenure: at most {{endsOn}}; change the end date to extend it',
    in_use: 'Still in use; cannot be deleted',
  },
  apiErrors: {
    invalid_tenure: 'The tenure is not valid; see the fields marked in red.',
    tenure_overlap: 'It overlaps the tenure of “{{who}}” ({{from}} to {{to}}); tenures of one compound may not share a day.',
    in_use: 'This property company has {{tenures}} tenure(s); they are history, so the company cannot be deleted.',
    compound_outside_scope: 'This compound is outside your scope (a property company sees its compounds only during its tenure).',
  },
};

export default { zh, en };
