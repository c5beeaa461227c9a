import { useSearchParams } from 'react-router';
import { Button, DatePicker, Form, Input, InputNumber, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../server/kernel/actor.ts';
import type { AuditEntryView } from '../../../server/modules/audit/audit.contract.ts';
import { JsonDiff } from '../../ui/JsonDiff.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useAudit } from './hooks.ts';

const PAGE_SIZE = 20;
const FILTERS = ['entity', 'entityId', 'action', 'actorId', 'from', 'to'] as const;

interface FilterValues {
  entity?: string;
  entityId?: string;
  action?: string;
  actorId?: number | null;
  range?: [Dayjs | null, Dayjs | null] | null;
}

/** Who changed what and when, filterable; a row opens to its before/after. Filters live in the URL. */
export default function AuditPage() {
  const { t } = useTranslation(['audit', 'shell']);
  const roleName = (r: string) => ((ROLES as readonly string[]).includes(r) ? t(`shell:roles.${r as Role}`) : r);
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<FilterValues>();
  const get = (k: string) => params.get(k) || undefined;
  const actorId = Number(get('actorId')) || undefined;
  const page = Math.max(1, Number(get('page')) || 1);
  const audit = useAudit({
    entity: get('entity'),
    entityId: get('entityId'),
    action: get('action'),
    actorId,
    from: get('from'),
    to: get('to'),
    page,
    pageSize: PAGE_SIZE,
  });

  const apply = (v: FilterValues) => {
    const next = new URLSearchParams();
    const values: Record<(typeof FILTERS)[number], string | undefined> = {
      entity: v.entity?.trim(),
      entityId: v.entityId?.trim(),
      action: v.action?.trim(),
      actorId: v.actorId ? String(v.actorId) : undefined,
      // Whole days in the browser's time zone, sent as instants.
      from: v.range?.[0]?.startOf('day').toISOString(),
      to: v.range?.[1]?.endOf('day').toISOString(),
    };
    for (const k of FILTERS) if (values[k]) next.set(k, values[k]);
    setParams(next, { replace: true });
  };
  const setPage = (p: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(p));
    setParams(next, { replace: true });
  };

  const initial: FilterValues = {
    entity: get('entity'),
    entityId: get('entityId'),
    action: get('action'),
    actorId: actorId ?? null,
    range: get('from') || get('to') ? [get('from') ? dayjs(get('from')) : null, get('to') ? dayjs(get('to')) : null] : null,
  };

  return (
    <>
      <PageHeader title={t('audit.title')} subtitle={t('audit.subtitle')} />
      <Form form={form} layout="inline" initialValues={initial} onFinish={apply} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="entity" label={t('audit.entity')}>
          <Input allowClear style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="entityId" label={t('audit.entityId')}>
          <Input allowClear style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name="action" label={t('audit.action')}>
          <Input allowClear style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="actorId" label={t('audit.actorId')}>
          <InputNumber min={1} precision={0} style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name="range" label={t('audit.range')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {t('audit.search')}
          </Button>
        </Form.Item>
        <Form.Item>
          <Button
            onClick={() => {
              form.setFieldsValue({ entity: undefined, entityId: undefined, action: undefined, actorId: null, range: null });
              apply({});
            }}
          >
            {t('audit.reset')}
          </Button>
        </Form.Item>
      </Form>
      <Table<AuditEntryView>
        rowKey="id"
        size="middle"
        loading={audit.isFetching}
        dataSource={audit.data?.items}
        scroll={{ x: 900 }}
        expandable={{
          expandedRowRender: (e) => <JsonDiff before={e.before} after={e.after} labels={t('audit.diff', { returnObjects: true })} />,
        }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: audit.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (count) => t('audit.total', { count }),
          onChange: setPage,
        }}
        columns={[
          { title: t('audit.columns.at'), dataIndex: 'at', width: 170, render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm:ss') },
          {
            title: t('audit.columns.actor'),
            key: 'actor',
            render: (_, e) =>
              e.actorId === null ? (
                <Tag>{t('audit.system')}</Tag>
              ) : (
                <>
                  {e.actorName ?? `#${e.actorId}`} <Typography.Text type="secondary">#{e.actorId} · {roleName(e.actorRole)}</Typography.Text>
                </>
              ),
          },
          { title: t('audit.columns.action'), dataIndex: 'action', render: (a: string) => <Tag color="blue">{a}</Tag> },
          {
            title: t('audit.columns.entity'),
            key: 'entity',
            render: (_, e) => (e.entityId ? `${e.entity} #${e.entityId}` : e.entity),
          },
          {
            title: t('audit.columns.requestId'),
            dataIndex: 'requestId',
            ellipsis: true,
            render: (r: string | null) => r && <Typography.Text type="secondary" copyable={{ text: r }}>{r.slice(0, 8)}</Typography.Text>,
          },
        ]}
      />
    </>
  );
}
