import { Button, Descriptions, Flex, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BulletinDetail, LinkageSide } from '../../../server/modules/linkage/linkage.contract.ts';
import { formatFen } from '../../ui/money.ts';
import { useAcknowledge } from './hooks.ts';
import './print.css';

const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

interface Extra {
  temperature?: { newComplaints: number; awaitingMeasurement: number; measured: number; belowStandard: number };
  patrols?: { rounds: number; findings: number };
  collectionPoints?: { compound: string; name: string; address: string; hours: string | null }[];
}

/** One daily bulletin as both sides read and print it; `mySide` shows the acknowledge button of my copy. */
export function BulletinView({ bulletin, mySide }: { bulletin: BulletinDetail; mySide: LinkageSide | null }) {
  const { t } = useTranslation('linkage');
  const { t: tr } = useTranslation('repairs');
  const ack = useAcknowledge();
  const c = bulletin.content;
  const extra = c.extra as Extra;
  const mine = bulletin.copies.find((k) => k.side === mySide);
  return (
    <article className="hs-bulletin" data-testid="bulletin">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {bulletin.groupName} · {t('bulletin.title')} {bulletin.bulletinDate}
        </Typography.Title>
        <Space className="hs-no-print">
          {mine && !mine.acknowledgedAt && (
            <Button type="primary" loading={ack.isPending} onClick={() => ack.mutate({ id: bulletin.id, side: mine.side })}>
              {t('bulletin.acknowledge', { side: t(`side.${mine.side}`) })}
            </Button>
          )}
          <Button onClick={() => window.print()}>{t('bulletin.print')}</Button>
        </Space>
      </Flex>
      <Typography.Text type="secondary">
        {t('bulletin.window')}：{time(bulletin.windowFrom)} — {time(bulletin.windowTo)}
      </Typography.Text>
      <Flex gap={8} wrap style={{ margin: '8px 0' }}>
        {bulletin.copies.map((k) => (
          <Tag key={k.side} color={k.acknowledgedAt ? 'green' : 'orange'} data-testid={`copy-${k.side}`}>
            {k.acknowledgedAt ? t('bulletin.acknowledged', { side: t(`side.${k.side}`), name: k.acknowledgedBy }) : t('bulletin.pending', { side: t(`side.${k.side}`) })}
            {!k.acknowledgedAt && k.remindedAt ? t('bulletin.reminded') : ''}
          </Tag>
        ))}
      </Flex>

      <Typography.Title level={4}>{t('bulletin.requests')}</Typography.Title>
      <Descriptions size="small" column={3} bordered items={[
        { key: 'n', label: t('bulletin.newRequests'), children: c.requests.new },
        { key: 'o', label: t('bulletin.open'), children: c.requests.open },
        { key: 'x', label: t('bulletin.overdue'), children: <Typography.Text type={c.requests.overdue ? 'danger' : undefined}>{c.requests.overdue}</Typography.Text> },
      ]} />
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        style={{ marginTop: 8 }}
        dataSource={[...c.requests.newItems, ...c.requests.overdueItems.filter((o) => !c.requests.newItems.some((n) => n.id === o.id))]}
        locale={{ emptyText: t('bulletin.noItems') }}
        columns={[
          { title: '#', dataIndex: 'id', width: 70 },
          { title: t('bulletin.category'), dataIndex: 'category', render: (v: string) => tr(`category.${v}` as 'category.other') },
          { title: t('bulletin.place'), key: 'place', render: (_: unknown, r) => `${r.compound} ${r.place}` },
          { title: t('bulletin.status'), dataIndex: 'status', render: (v: string, r) => <>{tr(`status.${v}` as 'status.submitted')}{r.overdue && <Tag color="red" style={{ marginLeft: 6 }}>{t('bulletin.overdue')}</Tag>}</> },
          { title: t('bulletin.reportedAt'), dataIndex: 'createdAt', render: time },
        ]}
      />

      <Typography.Title level={4}>{t('bulletin.incidents')}</Typography.Title>
      <Descriptions size="small" column={2} bordered items={[
        { key: 'o', label: t('bulletin.openIncidents'), children: c.incidents.open },
        { key: 'r', label: t('bulletin.resolvedIncidents'), children: c.incidents.resolvedInWindow },
      ]} />

      <Typography.Title level={4}>{t('bulletin.payments')}</Typography.Title>
      <Table
        size="small"
        rowKey="compoundId"
        pagination={false}
        dataSource={c.payments}
        locale={{ emptyText: t('bulletin.noItems') }}
        columns={[
          { title: t('rollout.compound'), dataIndex: 'compound' },
          { title: t('bulletin.households'), dataIndex: 'households' },
          { title: t('bulletin.paidHouseholds'), dataIndex: 'paidHouseholds', render: (v: number, r) => `${v}（${r.households ? Math.round((v * 100) / r.households) : 0}%）` },
          { title: t('bulletin.billed'), dataIndex: 'billedFen', render: (v: number) => formatFen(v) },
          { title: t('bulletin.paid'), dataIndex: 'paidFen', render: (v: number) => formatFen(v) },
          { title: t('bulletin.paidInWindow'), dataIndex: 'paidInWindowFen', render: (v: number) => formatFen(v) },
        ]}
      />
      {extra.collectionPoints && (
        <Typography.Paragraph style={{ marginTop: 8 }}>
          {t('bulletin.points')}：{extra.collectionPoints.map((p) => `${p.compound} — ${p.name}（${p.address}${p.hours ? `，${p.hours}` : ''}）`).join('；')}
        </Typography.Paragraph>
      )}

      <Typography.Title level={4}>{t('bulletin.temperature')}</Typography.Title>
      <Typography.Paragraph>
        {extra.temperature
          ? `${t('bulletin.newComplaints')} ${extra.temperature.newComplaints} · ${t('bulletin.awaiting')} ${extra.temperature.awaitingMeasurement} · ${t('bulletin.measured')} ${extra.temperature.measured} · ${t('bulletin.below')} ${extra.temperature.belowStandard}`
          : t('bulletin.noItems')}
      </Typography.Paragraph>
      <Typography.Title level={4}>{t('bulletin.patrols')}</Typography.Title>
      <Typography.Paragraph>{extra.patrols ? `${t('bulletin.rounds')} ${extra.patrols.rounds} · ${t('bulletin.findings')} ${extra.patrols.findings}` : t('bulletin.noItems')}</Typography.Paragraph>
      <Typography.Title level={4}>{t('bulletin.changes')}</Typography.Title>
      {c.tenureChanges.length ? (
        <ul>
          {c.tenureChanges.map((e) => (
            <li key={`${e.compoundId}-${e.effectiveOn}`}>{e.effectiveOn} {e.compound} {t(`bulletin.toMode.${e.toMode as 'direct'}`)}</li>
          ))}
        </ul>
      ) : (
        <Typography.Paragraph>{t('bulletin.noItems')}</Typography.Paragraph>
      )}
    </article>
  );
}
