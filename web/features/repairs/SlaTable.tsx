import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { CLOCKS } from '../../../server/modules/repairs/repairs.contract.ts';
import type { SlaFigures } from '../../../server/modules/repairs/sla-report.contract.ts';

type Row = SlaFigures & { key: string; label: string };

/** Per grid or per category: each clock as "breached / met", then closed beside fixed. */
export function SlaTable({ rows, labelTitle, total, testId }: { rows: Row[]; labelTitle: string; total: SlaFigures; testId: string }) {
  const { t } = useTranslation('repairs');
  const pct = (r: number | null) => (r === null ? '–' : `${(r * 100).toFixed(1)}%`);
  const columns: ColumnsType<Row> = [
    { title: labelTitle, dataIndex: 'label', fixed: 'left', width: 120 },
    { title: t('desk.sla.requests'), dataIndex: 'requests', align: 'right' },
    ...CLOCKS.map((clock) => ({
      title: t(`desk.sla.clocks.${clock}`),
      key: clock,
      align: 'right' as const,
      render: (_: unknown, r: Row) => (
        <span>
          <Typography.Text type={r.clocks[clock].breached ? 'danger' : undefined} strong={r.clocks[clock].breached > 0}>
            {r.clocks[clock].breached}
          </Typography.Text>
          {' / '}
          {r.clocks[clock].met}
          {r.clocks[clock].running > 0 && <Typography.Text type="secondary"> (+{r.clocks[clock].running})</Typography.Text>}
        </span>
      ),
    })),
    { title: t('desk.sla.closed'), dataIndex: 'closed', align: 'right' },
    { title: t('desk.sla.fixed'), dataIndex: 'fixed', align: 'right' },
    { title: t('desk.sla.autoConfirmed'), dataIndex: 'autoConfirmed', align: 'right' },
    { title: t('desk.sla.reopenRate'), key: 'reopenRate', align: 'right', render: (_, r) => `${pct(r.reopenRate)} (${r.reopened})` },
  ];
  return (
    <Table<Row>
      data-testid={testId}
      size="small"
      rowKey="key"
      columns={columns}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 860 }}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0}>
            <Typography.Text strong>{t('desk.sla.total')}</Typography.Text>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right">{total.requests}</Table.Summary.Cell>
          {CLOCKS.map((clock, i) => (
            <Table.Summary.Cell key={clock} index={2 + i} align="right">
              {total.clocks[clock].breached} / {total.clocks[clock].met}
            </Table.Summary.Cell>
          ))}
          <Table.Summary.Cell index={5} align="right">{total.closed}</Table.Summary.Cell>
          <Table.Summary.Cell index={6} align="right">{total.fixed}</Table.Summary.Cell>
          <Table.Summary.Cell index={7} align="right">{total.autoConfirmed}</Table.Summary.Cell>
          <Table.Summary.Cell index={8} align="right">{`${pct(total.reopenRate)} (${total.reopened})`}</Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}
