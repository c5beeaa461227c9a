import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Flex, Popconfirm, Tag, Typography } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { formatFen } from '../../ui/money.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useSession } from '../shell/session.ts';
import { useAgentPositions, useCloseStatement, useStatement } from './agent.hooks.ts';
import { HouseholdTable, RemittanceTable } from './ReconciliationCard.tsx';
import { RemittanceModal } from './RemittanceModal.tsx';

/**
 * One settlement statement (交接结算单), laid out to print and sign: collected during the tenure,
 * remitted, owed, household by household. The clerk records what arrives and closes it.
 */
export default function SettlementPage() {
  const { t, i18n } = useTranslation('billing');
  const { message } = App.useApp();
  const errorText = useErrorText();
  const id = Number(useParams().id);
  const statement = useStatement(id);
  const session = useSession();
  const isOffice = session.data?.role === 'clerk' || session.data?.role === 'admin';
  const positions = useAgentPositions();
  const close = useCloseStatement();
  const [remitting, setRemitting] = useState(false);
  const money = (fen: number) => formatFen(fen, i18n.language);
  const s = statement.data;
  if (statement.isLoading) return <Loading label={t('settlement.title')} />;
  if (statement.error || !s) return <ErrorState status="error" title={t('loadFailed')} description={errorText(statement.error)} />;
  const company = positions.data?.items.find((c) => c.propertyCompanyId === s.propertyCompanyId);

  return (
    <div style={{ maxWidth: 1000 }}>
      {/* Printed on paper and signed by both sides: only the statement itself goes to the printer. */}
      <style>{'@media print { .no-print, .ant-layout-sider, .ant-layout-header, .ant-menu { display: none !important; } }'}</style>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }} className="no-print">
        <Link to="/billing/settlements">← {t('settlement.back')}</Link>
        <Flex gap={8} wrap>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()}>{t('settlement.print')}</Button>
          <Button icon={<DownloadOutlined />} href={`/api/billing/settlements/${s.id}/export.xlsx`} download>{t('settlement.export')}</Button>
          {isOffice && s.status === 'open' && company && (
            <Button onClick={() => setRemitting(true)}>{t('agent.record')}</Button>
          )}
          {isOffice && s.status === 'open' && (
            <Popconfirm
              title={t('settlement.closeConfirm')}
              onConfirm={() =>
                close.mutate(s.id, { onError: (err) => void message.error(errorText(err)) })
              }
            >
              <Button type="primary" loading={close.isPending} disabled={s.owedFen !== 0}>{t('settlement.close')}</Button>
            </Popconfirm>
          )}
        </Flex>
      </Flex>
      <Card data-testid="settlement">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('settlement.detailTitle', { id: s.id })} <Tag color={s.status === 'closed' ? 'green' : 'orange'}>{t(`settlement.status.${s.status}`)}</Tag>
        </Typography.Title>
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('settlement.company')}>{s.propertyCompanyName}</Descriptions.Item>
          <Descriptions.Item label={t('settlement.compound')}>{s.compoundName}</Descriptions.Item>
          <Descriptions.Item label={t('settlement.period')}>{`${s.startsOn} – ${s.endsOn ?? ''}`}</Descriptions.Item>
          <Descriptions.Item label={t('settlement.createdAt')}>
            {new Date(s.createdAt).toLocaleString(i18n.language)} · {t(`settlement.origin.${s.origin as 'clerk'}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('settlement.collected')}>{money(s.collectedFen)}</Descriptions.Item>
          <Descriptions.Item label={t('settlement.remitted')}>{money(s.remittedFen)}</Descriptions.Item>
          <Descriptions.Item label={t('settlement.owed')}>
            <Typography.Text strong type={s.owedFen > 0 ? 'danger' : 'success'} data-testid="settlement-owed">{money(s.owedFen)}</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
        {s.status === 'closed' && s.closedAt && <Alert type="success" showIcon title={t('settlement.closed', { at: new Date(s.closedAt).toLocaleString(i18n.language) })} style={{ marginBottom: 16 }} />}
        {s.status === 'open' && s.owedFen > 0 && <Alert type="warning" showIcon title={t('settlement.stillOwed', { amount: money(s.owedFen) })} style={{ marginBottom: 16 }} />}
        <HouseholdTable title={t('settlement.households')} rows={s.households} paginate={false} />
        <RemittanceTable title={t('settlement.remittances')} rows={s.remittances} />
        <Typography.Paragraph style={{ marginTop: 32 }}>{t('settlement.signatures')}</Typography.Paragraph>
      </Card>
      {remitting && company && (
        <RemittanceModal
          company={company}
          tenureId={s.tenureId}
          onClose={(saved) => {
            setRemitting(false);
            if (saved) void message.success(saved);
          }}
        />
      )}
    </div>
  );
}
