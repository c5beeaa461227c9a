import { Flex, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StatementView } from '../../../server/modules/temperature/temperature.contract.ts';
import { formatFen } from '../../ui/money.ts';

type Day = StatementView['days'][number];

/** A household's statement: each day, its temperature (or outage hours), why, and the reduction. */
export function StatementTable({ statement }: { statement: StatementView }) {
  const { t } = useTranslation('temperature');
  return (
    <>
      <Flex gap={16} wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong>{statement.accountNo} · {statement.season}</Typography.Text>
        <Typography.Text>{t('settlement.reducedDays', { n: statement.reducedDays })}</Typography.Text>
        <Typography.Text>{t('settlement.owed', { amount: formatFen(statement.owedFen) })}</Typography.Text>
      </Flex>
      <Table<Day>
        size="small"
        rowKey="day"
        pagination={false}
        scroll={{ x: 640 }}
        dataSource={statement.days}
        columns={[
          { title: t('settlement.day'), dataIndex: 'day' },
          { title: t('settlement.kind'), dataIndex: 'kind', render: (k: Day['kind']) => <Tag color={k === 'outage' ? 'purple' : 'volcano'}>{t(`settlement.kinds.${k}`)}</Tag> },
          { title: t('settlement.measured'), dataIndex: 'measuredC', render: (c: number | null) => (c === null ? '—' : `${c} °C`) },
          { title: t('settlement.outdoor'), dataIndex: 'outdoorMeanC', render: (c: number | null) => (c === null ? '—' : `${c} °C`) },
          { title: t('settlement.outage'), dataIndex: 'outageHours', render: (h: number | null) => h ?? '—' },
          { title: t('settlement.reason'), dataIndex: 'reason', render: (r: string) => t(`settlement.reasons.${r as 'outage'}`, { defaultValue: r }) },
          { title: t('settlement.tierCol'), dataIndex: 'tierPercent', render: (p: number) => (p ? `${p}%` : '—') },
          { title: t('settlement.reduction'), dataIndex: 'reductionFen', align: 'right', render: (f: number) => formatFen(f) },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 12 }}>{t('settlement.credits')}</Typography.Title>
      {statement.credits.length === 0 ? '—' : statement.credits.map((c) => (
        <div key={c.sourceRef}>#{c.creditNoteId} · {formatFen(c.amountFen)} · <Typography.Text type="secondary">{c.sourceRef}</Typography.Text></div>
      ))}
    </>
  );
}
