import { useState } from 'react';
import { App, Button, Card, Flex, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AgentPosition, TenurePosition } from '../../../server/modules/billing/agent.contract.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { formatFen } from '../../ui/money.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useSession } from '../shell/session.ts';
import { useAgentPositions } from './agent.hooks.ts';
import { ReconciliationCard } from './ReconciliationCard.tsx';
import { RemittanceModal } from './RemittanceModal.tsx';

/**
 * Agent collection (代收): each property company's collected, remitted and owed, tenure by
 * tenure. Clerks record remittances and reconcile by period; a property manager sees only their
 * own company, read-only.
 */
export default function AgentsPage() {
  const { t, i18n } = useTranslation('billing');
  const { message } = App.useApp();
  const errorText = useErrorText();
  const session = useSession();
  const positions = useAgentPositions();
  const [remitFor, setRemitFor] = useState<AgentPosition>();
  const [reconcileId, setReconcileId] = useState<number>();
  const canRecord = session.data?.role === 'clerk' || session.data?.role === 'admin';
  const money = (fen: number) => formatFen(fen, i18n.language);
  const items = positions.data?.items ?? [];
  const reconciled = items.find((c) => c.propertyCompanyId === reconcileId) ?? (items.length === 1 ? items[0] : undefined);

  const tenureColumns = [
    { title: t('agent.compound'), dataIndex: 'compoundName' },
    { title: t('agent.period'), key: 'period', render: (_: unknown, x: TenurePosition) => `${x.startsOn} – ${x.endsOn ?? t('agent.openEnded')}` },
    { title: t('agent.collected'), dataIndex: 'collectedFen', align: 'right' as const, render: money },
    { title: t('agent.remitted'), dataIndex: 'remittedFen', align: 'right' as const, render: money },
    { title: t('agent.owed'), dataIndex: 'owedFen', align: 'right' as const, render: money },
    {
      title: t('agent.statement'),
      key: 'statement',
      render: (_: unknown, x: TenurePosition) =>
        x.settlementId ? (
          <Link to={`/billing/settlements/${x.settlementId}`}>
            <Tag color={x.settlementStatus === 'closed' ? 'green' : 'orange'}>{t(`settlement.status.${x.settlementStatus ?? 'open'}`)} #{x.settlementId}</Tag>
          </Link>
        ) : null,
    },
  ];

  return (
    <div style={{ maxWidth: 1200 }}>
      <PageHeader title={t('agent.title')} subtitle={t('agent.subtitle')} />
      {positions.error && <ErrorState status="error" title={t('loadFailed')} description={errorText(positions.error)} />}
      <Card style={{ marginBottom: 16 }}>
        <Table<AgentPosition>
          rowKey="propertyCompanyId"
          size="middle"
          loading={positions.isLoading}
          pagination={false}
          dataSource={items}
          locale={{ emptyText: t('agent.noCompanies') }}
          scroll={{ x: 'max-content' }}
          expandable={{
            defaultExpandAllRows: items.length <= 3,
            expandedRowRender: (c) => <Table<TenurePosition> rowKey="tenureId" size="small" pagination={false} dataSource={c.tenures} columns={tenureColumns} />,
          }}
          columns={[
            { title: t('agent.company'), dataIndex: 'name' },
            { title: t('agent.collected'), dataIndex: 'collectedFen', align: 'right', render: money },
            { title: t('agent.remitted'), dataIndex: 'remittedFen', align: 'right', render: money },
            {
              title: t('agent.owed'),
              dataIndex: 'owedFen',
              align: 'right',
              render: (v: number, c) => (
                <span data-testid={`owed-${c.propertyCompanyId}`} style={{ fontWeight: v > 0 ? 600 : undefined, color: v > 0 ? '#cf1322' : undefined }}>{money(v)}</span>
              ),
            },
            {
              key: 'actions',
              render: (_, c) => (
                <Flex gap={8}>
                  {canRecord && (
                    <Button size="small" type="primary" disabled={c.owedFen <= 0} onClick={() => setRemitFor(c)}>
                      {t('agent.record')}
                    </Button>
                  )}
                  <Button size="small" onClick={() => setReconcileId(c.propertyCompanyId)}>
                    {t('agent.reconcile')}
                  </Button>
                </Flex>
              ),
            },
          ]}
        />
      </Card>
      {reconciled && <ReconciliationCard key={reconciled.propertyCompanyId} company={reconciled} />}
      {remitFor && (
        <RemittanceModal
          company={remitFor}
          onClose={(saved) => {
            setRemitFor(undefined);
            if (saved) void message.success(saved);
          }}
        />
      )}
    </div>
  );
}
