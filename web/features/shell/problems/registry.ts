/** The registry's problems in the UI language: field rules, then top-level codes (see ../i18n.ts). */
const zh = {
  problems: {
    deputy_is_steward: '替班管家不能是管家本人',
    after_current_assignment: '须晚于现任管家的开始日期 {{validFrom}}',
    exceeds_gross_area: '不能大于建筑面积',
    not_a_crew_lead: '不是在岗的班组长',
  },
  apiErrors: {
    invalid_assignment: '管家安排有误，请检查标红的项目。',
    assignment_not_after_current: '新管家的开始日期须晚于现任管家的开始日期 {{validFrom}}。',
    unknown_entrance: '单元 {{id}} 不存在，请重新选择。',
    interior_exceeds_gross: '套内面积不能大于建筑面积。',
    invalid_record: '填写的信息有误，请检查标红的项目。',
    registry_office_only: '档案只由经营科和系统管理员修改，其他角色只能查看。',
    registry_not_empty: '档案里已有分公司：示范城市只能建在空的数据库里。',
    empty_file: '文件是空的，或表头下面没有住户行。',
    file_too_large: '文件超过 {{megabytes}} MB 的上传上限：请拆分后导入，或用命令行导入。',
    unsupported_file: '只能导入 .xlsx 或 .csv 文件；旧版 .xls 请在 Excel 里另存为 .xlsx。',
  },
};

const en: typeof zh = {
  problems: {
    deputy_is_steward: 'The deputy cannot be the steward',
    after_current_assignment: 'Must be after {{validFrom}}, when the current steward started',
    exceeds_gross_area: 'Cannot exceed the gross area',
    not_a_crew_lead: 'Not an active crew lead',
  },
  apiErrors: {
    invalid_assignment: 'The assignment is not valid; see the fields marked in red.',
    assignment_not_after_current: 'A new steward must start after {{validFrom}}, when the current one started.',
    unknown_entrance: 'Entrance {{id}} does not exist; choose it again.',
    interior_exceeds_gross: 'The interior area cannot exceed the gross area.',
    invalid_record: 'Some entries are not valid; see the fields marked in red.',
    registry_office_only: 'Only the business office (clerks, administrators) edits the registry; other roles read it.',
    registry_not_empty: 'The registry already has branches: the demo city needs an empty database.',
    empty_file: 'The file is empty, or has no household rows under its header.',
    file_too_large: 'The file is over the {{megabytes}} MB upload limit: split it, or import it with the CLI.',
    unsupported_file: 'Only .xlsx and .csv files are imported; save an old .xls as .xlsx in Excel.',
  },
};

export default { zh, en };
