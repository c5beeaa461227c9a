import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BillView } from '../../../server/modules/billing/billing.contract.ts';
import { formatFen } from '../../ui/money.ts';

/** A household's bills as the clerk checks them at the counter: what was billed, paid, still owed. */
export function BillsTable({ bills }: { bills: BillView[] }) {
  const { t, i18n } = useTranslation('billing');
  const money = (fen: number) => formatFen(fen, i18n.language);
  return (
    <Table<BillView>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={bills}
      locale={{ emptyText: t('counter.noBills') }}
      columns={[
        { title: t('season'), dataIndex: 'season' },
        { title: t('counter.amount'), dataIndex: 'amountFen', align: 'right', render: money },
        { title: t('counter.paid'), dataIndex: 'paidFen', align: 'right', render: money },
        { title: t('counter.balance'), dataIndex: 'balanceFen', align: 'right', render: money },
      ]}
    />
  );
}
