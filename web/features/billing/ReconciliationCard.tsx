import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Descriptions, Flex, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AgentPosition, HouseholdCollection, RemittanceLine } from '../../../server/modules/billing/agent.contract.ts';
import { formatFen } from '../../ui/money.ts';
import { useErrorText } from '../shell/errorText.ts';
import { reconciliationExportUrl, useReconciliation } from './agent.hooks.ts';

/** Collected vs remitted of one company over a period, with the households and the export. */
export function ReconciliationCard({ company }: { company: AgentPosition }) {
  const { t, i18n } = useTranslation('billing');
  const errorText = useErrorText();
  // Default period: this year's collection so far (the window opens in September).
  const [range, setRange] = useState<[string, string]>([dayjs().startOf('year').format('YYYY-MM-DD'), dayjs().format('YYYY-MM-DD')]);
  const rec = useReconciliation(company.propertyCompanyId, range[0], range[1]);
  const money = (fen: number) => formatFen(fen, i18n.language);
  const r = rec.data;
  return (
    <Card
      title={`${t('agent.rec.title')} · ${company.name}`}
      data-testid="reconciliation"
      extra={
        <Button icon={<DownloadOutlined />} href={reconciliationExportUrl(company.propertyCompanyId, range[0], range[1])} download>
          {t('agent.rec.export')}
        </Button>
      }
    >
      <Flex gap={8} align="center" wrap style={{ marginBottom: 16 }}>
        <Typography.Text>{t('agent.rec.range')}</Typography.Text>
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(range[0]), dayjs(range[1])]}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')])}
        />
      </Flex>
      {rec.error && <Alert type="error" showIcon title={errorText(rec.error)} />}
      {r && (
        <>
          <Descriptions bordered size="small" column={{ xs: 1, md: 4 }} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('agent.rec.opening')}>{money(r.openingOwedFen)}</Descriptions.Item>
            <Descriptions.Item label={t('agent.rec.collected')}>{money(r.collectedFen)}</Descriptions.Item>
            <Descriptions.Item label={t('agent.rec.remitted')}>{money(r.remittedFen)}</Descriptions.Item>
            <Descriptions.Item label={t('agent.rec.closing')}>
              <Typography.Text strong type={r.closingOwedFen > 0 ? 'danger' : undefined}>{money(r.closingOwedFen)}</Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <HouseholdTable title={t('agent.rec.households')} rows={r.households} />
          <RemittanceTable title={t('agent.rec.remittances')} rows={r.remittances} />
        </>
      )}
    </Card>
  );
}

export function HouseholdTable({ title, rows, paginate = true }: { title: string; rows: HouseholdCollection[]; paginate?: boolean }) {
  const { t, i18n } = useTranslation('billing');
  return (
    <>
      <Typography.Title level={5}>{title}</Typography.Title>
      <Table<HouseholdCollection>
        rowKey="householdId"
        size="small"
        pagination={paginate ? { pageSize: 20, hideOnSinglePage: true } : false}
        locale={{ emptyText: t('agent.rec.none') }}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('agent.rec.accountNo'), dataIndex: 'accountNo' },
          { title: t('agent.rec.holder'), dataIndex: 'holderName' },
          { title: t('agent.rec.address'), dataIndex: 'address' },
          { title: t('agent.rec.payments'), dataIndex: 'payments', align: 'right' },
          { title: t('agent.rec.amount'), dataIndex: 'collectedFen', align: 'right', render: (v: number) => formatFen(v, i18n.language) },
        ]}
      />
    </>
  );
}

export function RemittanceTable({ title, rows }: { title: string; rows: RemittanceLine[] }) {
  const { t, i18n } = useTranslation('billing');
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 16 }}>{title}</Typography.Title>
      <Table<RemittanceLine>
        rowKey="id"
        size="small"
        pagination={false}
        locale={{ emptyText: t('agent.rec.none') }}
        dataSource={rows}
        columns={[
          { title: t('agent.rec.date'), dataIndex: 'remittedOn' },
          { title: t('agent.rec.method'), dataIndex: 'method', render: (m: 'cash' | 'bank_transfer') => t(`agent.form.${m}`) },
          { title: t('agent.rec.reference'), dataIndex: 'reference' },
          { title: t('agent.rec.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => formatFen(v, i18n.language) },
        ]}
      />
    </>
  );
}
