import { useState } from 'react';
import { Alert, Button, Card, Flex, Input, List, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, ShopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { PointProposal, PointView } from '../../../server/modules/billing/points.contract.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { useUser } from '../shell/session.ts';
import { OpenPointModal, type PointDraft } from './OpenPointModal.tsx';
import { PointDesk } from './PointDesk.tsx';
import { useClosePoint, usePoints, useProposals } from './points.hooks.ts';
import type pointsMessages from './points.i18n.ts';

type ReasonKey = keyof (typeof pointsMessages)['zh']['points']['reason'];

/**
 * 临时缴费点: the compounds that need one (proposed from the tenure module's vacuum switch), the
 * branch's points, and the desk of the chosen point — payments and the day's cash-up.
 */
export default function PointsPage() {
  const { t } = useTranslation('billing');
  const errorText = useErrorText();
  const user = useUser();
  const manages = user.role === 'clerk' || user.role === 'admin';
  const points = usePoints();
  const proposals = useProposals(manages);
  const [draft, setDraft] = useState<PointDraft>();
  const [chosen, setChosen] = useState<number>();
  const branchId = user.scopes.find((s) => s.kind === 'branch')?.refId;
  const items = points.data?.items ?? [];
  const point = items.find((p) => p.id === chosen) ?? (items.length === 1 ? items[0] : undefined);

  const fromProposal = (p: PointProposal): PointDraft => ({ ...p.suggested, compoundIds: [p.compoundId], branchId: p.branchId });

  return (
    <div style={{ maxWidth: 1200 }}>
      <PageHeader
        title={t('points.title')}
        subtitle={t('points.subtitle')}
        extra={
          manages && branchId !== undefined ? (
            <Button icon={<PlusOutlined />} onClick={() => setDraft({ name: '', address: '', fromDate: '', toDate: '', compoundIds: [], branchId })}>
              {t('points.openNew')}
            </Button>
          ) : undefined
        }
      />
      {manages && (
        <Card title={t('points.proposals')} size="small" style={{ marginBottom: 16 }} data-testid="point-proposals">
          <Typography.Paragraph type="secondary">{t('points.proposalsHint')}</Typography.Paragraph>
          {proposals.error && <Alert type="error" showIcon title={errorText(proposals.error)} />}
          <List
            loading={proposals.isLoading}
            dataSource={proposals.data?.items ?? []}
            locale={{ emptyText: t('points.noProposals') }}
            renderItem={(p) => (
              <List.Item
                actions={[
                  <Button key="open" type="primary" icon={<ShopOutlined />} onClick={() => setDraft(fromProposal(p))}>
                    {t('points.openFromProposal')}
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space wrap>
                      {p.compoundName}
                      <Tag color="orange">{t(`points.reason.${p.reason as ReasonKey}`, { defaultValue: p.reason })}</Tag>
                    </Space>
                  }
                  description={[
                    t('points.households', { count: p.households }),
                    p.since && t('points.since', { date: p.since }),
                    p.until && t('points.until', { date: p.until }),
                    `${p.suggested.fromDate} – ${p.suggested.toDate}`,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                />
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card title={t('points.list')} size="small">
        {points.error && <Alert type="error" showIcon title={errorText(points.error)} />}
        <PointsTable items={items} loading={points.isLoading} manages={manages} chosen={point?.id} onChoose={setChosen} />
      </Card>
      {point && <PointDesk key={point.id} point={point} />}
      <OpenPointModal draft={draft} onClose={() => setDraft(undefined)} />
    </div>
  );
}

function PointsTable(props: { items: PointView[]; loading: boolean; manages: boolean; chosen: number | undefined; onChoose: (id: number) => void }) {
  const { t } = useTranslation('billing');
  const close = useClosePoint();
  const [reason, setReason] = useState('');
  return (
    <Table<PointView>
      rowKey="id"
      size="small"
      loading={props.loading}
      dataSource={props.items}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      locale={{ emptyText: t('points.noPoints') }}
      scroll={{ x: 900 }}
      rowClassName={(p) => (p.id === props.chosen ? 'ant-table-row-selected' : '')}
      columns={[
        { title: t('points.form.name'), dataIndex: 'name', render: (n: string, p) => <Typography.Text strong={p.id === props.chosen}>{n}</Typography.Text> },
        { title: t('points.form.address'), dataIndex: 'address' },
        { title: t('points.form.compounds'), key: 'compounds', render: (_, p) => p.compounds.map((c) => c.name).join('、') },
        { title: t('points.form.dates'), key: 'dates', render: (_, p) => `${p.fromDate} – ${p.toDate}` },
        { title: t('points.form.hours'), dataIndex: 'hours', render: (h: string | null) => h ?? '—' },
        { title: t('points.form.staff'), key: 'staff', render: (_, p) => p.staff.map((s) => s.name).join('、') },
        {
          title: '',
          key: 'status',
          render: (_, p) => (
            <Flex gap={4} wrap>
              <Tag color={p.status === 'open' ? 'green' : 'default'}>{t(`points.status.${p.status}`)}</Tag>
              {p.takingPaymentsToday && <Tag color="blue">{t('points.status.today')}</Tag>}
            </Flex>
          ),
        },
        {
          title: '',
          key: 'actions',
          render: (_, p) => (
            <Space>
              <Button size="small" onClick={() => props.onChoose(p.id)}>
                {t('points.pick')}
              </Button>
              {props.manages && p.status === 'open' && (
                <Popconfirm
                  title={t('points.closeConfirm')}
                  description={<Input aria-label={t('points.closeReason')} placeholder={t('points.closeReason')} value={reason} onChange={(e) => setReason(e.target.value)} />}
                  okButtonProps={{ disabled: !reason.trim(), loading: close.isPending }}
                  onConfirm={() => close.mutateAsync({ id: p.id, reason: reason.trim() }).then(() => setReason(''))}
                >
                  <Button size="small" danger>
                    {t('points.close')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}
