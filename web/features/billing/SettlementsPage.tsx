import { Card, Segmented, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { StatementSummary } from '../../../server/modules/billing/agent.contract.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { formatFen } from '../../ui/money.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useStatements } from './agent.hooks.ts';

/** Every settlement statement the account may see, open ones first; the status filter lives in the URL. */
export default function SettlementsPage() {
  const { t, i18n } = useTranslation('billing');
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') === 'open' || params.get('status') === 'closed' ? (params.get('status') as 'open' | 'closed') : undefined;
  const list = useStatements(status);
  const money = (fen: number) => formatFen(fen, i18n.language);
  return (
    <div style={{ maxWidth: 1200 }}>
      <PageHeader
        title={t('settlement.title')}
        subtitle={t('settlement.subtitle')}
        extra={
          <Segmented
            value={status ?? 'all'}
            onChange={(v) => setParams(v === 'all' ? {} : { status: String(v) })}
            options={[
              { value: 'all', label: t('settlement.all') },
              { value: 'open', label: t('settlement.status.open') },
              { value: 'closed', label: t('settlement.status.closed') },
            ]}
          />
        }
      />
      {list.error && <ErrorState status="error" title={t('loadFailed')} description={errorText(list.error)} />}
      <Card>
        <Table<StatementSummary>
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: t('settlement.none') }}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: '#', dataIndex: 'id', render: (id: number) => <Link to={`/billing/settlements/${id}`}>#{id}</Link> },
            { title: t('settlement.company'), dataIndex: 'propertyCompanyName' },
            { title: t('settlement.compound'), dataIndex: 'compoundName' },
            { title: t('settlement.period'), key: 'period', render: (_, s) => `${s.startsOn} – ${s.endsOn ?? ''}` },
            { title: t('settlement.collected'), dataIndex: 'collectedFen', align: 'right', render: money },
            { title: t('settlement.remitted'), dataIndex: 'remittedFen', align: 'right', render: money },
            { title: t('settlement.owed'), dataIndex: 'owedFen', align: 'right', render: (v: number) => <strong style={{ color: v > 0 ? '#cf1322' : undefined }}>{money(v)}</strong> },
            {
              title: '',
              dataIndex: 'status',
              render: (s: 'open' | 'closed') => <Tag color={s === 'closed' ? 'green' : 'orange'}>{t(`settlement.status.${s}`)}</Tag>,
            },
            { key: 'open', render: (_, s) => <Link to={`/billing/settlements/${s.id}`}>{t('settlement.open')}</Link> },
          ]}
        />
      </Card>
    </div>
  );
}
