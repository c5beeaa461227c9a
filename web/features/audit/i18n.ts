/** Strings of the audit log and the outbox pages. */
const zh = {
  nav: { audit: '审计日志', outbox: '消息发件箱' },
  audit: {
    title: '审计日志',
    subtitle: '每一次数据变更：谁、何时、改了什么',
    entity: '对象类型',
    entityId: '对象编号',
    action: '操作',
    actorId: '操作人编号',
    range: '时间范围',
    search: '查询',
    reset: '重置',
    total: '共 {{count}} 条记录',
    columns: { at: '时间', actor: '操作人', action: '操作', entity: '对象', requestId: '请求编号' },
    system: '系统',
    diff: { path: '字段', before: '变更前', after: '变更后', empty: '无内容' },
  },
  outbox: {
    title: '消息发件箱',
    subtitle: '开发环境中短信、微信和站内消息不会真的发出，而是记录在这里',
    channel: '渠道',
    allChannels: '全部渠道',
    recipient: '接收人',
    total: '共 {{count}} 条消息',
    channels: { sms: '短信', wechat: '微信', inapp: '站内' },
    columns: { createdAt: '时间', channel: '渠道', recipient: '接收人', template: '模板', body: '内容', status: '状态', provider: '通道' },
  },
};

const en: typeof zh = {
  nav: { audit: 'Audit log', outbox: 'Outbox' },
  audit: {
    title: 'Audit log',
    subtitle: 'Every change to the data: who, when and what',
    entity: 'Entity',
    entityId: 'Entity id',
    action: 'Action',
    actorId: 'Actor id',
    range: 'Time range',
    search: 'Search',
    reset: 'Reset',
    total: '{{count}} entries',
    columns: { at: 'Time', actor: 'Actor', action: 'Action', entity: 'Entity', requestId: 'Request id' },
    system: 'System',
    diff: { path: 'Field', before: 'Before', after: 'After', empty: 'Nothing recorded' },
  },
  outbox: {
    title: 'Outbox',
    subtitle: 'In development, SMS, WeChat and in-app messages are recorded here instead of being sent',
    channel: 'Channel',
    allChannels: 'All channels',
    recipient: 'Recipient',
    total: '{{count}} messages',
    channels: { sms: 'SMS', wechat: 'WeChat', inapp: 'In-app' },
    columns: { createdAt: 'Time', channel: 'Channel', recipient: 'Recipient', template: 'Template', body: 'Message', status: 'Status', provider: 'Provider' },
  },
};

export default { zh, en };

declare module 'i18next' {
  interface ResourceNamespaceMap {
    audit: typeof zh;
  }
}
