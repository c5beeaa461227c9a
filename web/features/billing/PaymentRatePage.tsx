import { useState } from 'react';
import { Alert, Button, Card, Flex, Select, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CompoundRate } from '../../../server/modules/billing/online.contract.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { formatFen } from '../../ui/money.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useUser } from '../shell/session.ts';
import { seasonOf } from './hooks.ts';
import { usePaymentRate } from './online.hooks.ts';
import { PaymentRateChart } from './PaymentRateChart.tsx';

const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/** The branch's payment rate by compound: a bar chart (vacuum compounds highlighted), the table, and Excel exports. */
export default function PaymentRatePage() {
  const { t, i18n } = useTranslation('billing');
  const errorText = useErrorText();
  const user = useUser();
  const branches = user.scopes.filter((s) => s.kind === 'branch').map((s) => s.refId);
  const current = seasonOf(new Date());
  const y = Number(current.slice(0, 4));
  const seasons = [0, 1, 2].map((n) => `${y - n}-${String((y - n + 1) % 100).padStart(2, '0')}`);
  const [season, setSeason] = useState(current);
  const [branchId, setBranchId] = useState<number | undefined>(branches[0]);
  const rate = usePaymentRate(season, branchId);
  const money = (fen: number) => formatFen(fen, i18n.language);
  const v = rate.data;
  const query = `season=${season}${branchId ? `&branchId=${branchId}` : ''}`;

  return (
    <div style={{ maxWidth: 1100 }}>
      <PageHeader
        title={t('rate.title')}
        subtitle={t('rate.subtitle')}
        extra={
          <Flex gap={8} wrap>
            <Select aria-label={t('rate.season')} value={season} onChange={setSeason} options={seasons.map((s) => ({ value: s, label: t('seasonLabel', { season: s }) }))} style={{ minWidth: 150 }} />
            {branches.length > 1 && <Select value={branchId} onChange={setBranchId} options={branches.map((b) => ({ value: b, label: `#${b}` }))} />}
            <Button icon={<DownloadOutlined />} href={`/api/billing/payment-rate.xlsx?${query}`}>{t('rate.export')}</Button>
            {v && <Button icon={<DownloadOutlined />} href={`/api/billing/payments.xlsx?branchId=${v.branchId}&season=${season}`}>{t('rate.exportPayments')}</Button>}
          </Flex>
        }
      />
      {rate.error && <Alert type="error" showIcon title={errorText(rate.error)} style={{ marginBottom: 12 }} />}
      {v && (
        <Flex vertical gap={12}>
          <Typography.Text strong data-testid="rate-total">
            {t('rate.total', { rate: percent(v.rate), paid: money(v.paidFen), billed: money(v.billedFen) })}
          </Typography.Text>
          <Card size="small" data-testid="rate-chart">
            <PaymentRateChart view={v} />
          </Card>
          <Table<CompoundRate>
            rowKey="compoundId"
            size="small"
            pagination={false}
            dataSource={v.compounds}
            scroll={{ x: 640 }}
            columns={[
              { title: t('rate.compound'), dataIndex: 'compoundName', render: (name: string, c) => <>{name} {c.vacuum && <Tag color="warning">{t('rate.vacuum')}</Tag>}</> },
              { title: t('rate.households'), dataIndex: 'households', align: 'right' },
              { title: t('rate.billed'), dataIndex: 'billedFen', align: 'right', render: money },
              { title: t('rate.paid'), dataIndex: 'paidFen', align: 'right', render: money },
              { title: t('rate.rate'), dataIndex: 'rate', align: 'right', render: percent, sorter: (a, b) => (a.rate ?? -1) - (b.rate ?? -1) },
              { title: t('rate.mode'), dataIndex: 'serviceMode', render: (m: string) => (m === 'direct' || m === 'agent' ? t(`rate.modes.${m}`) : m) },
            ]}
          />
        </Flex>
      )}
    </div>
  );
}
