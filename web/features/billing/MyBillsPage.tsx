import { Link } from 'react-router';
import { Alert, Button, Card, Descriptions, Flex, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BillView } from '../../../server/modules/billing/billing.contract.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { formatFen } from '../../ui/money.ts';
import { m2 } from '../registry/format.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useUser } from '../shell/session.ts';
import { useHousehold, useHouseholdBills, useHouseholdReceipts } from './hooks.ts';
import { WhereToPayCard } from './WhereToPayCard.tsx';

function status(b: BillView): 'paid' | 'partial' | 'unpaid' {
  if (b.balanceFen <= 0) return 'paid';
  return b.paidFen > 0 ? 'partial' : 'unpaid';
}
const STATUS_COLOR = { paid: 'success', partial: 'warning', unpaid: 'error' } as const;

/**
 * The resident's own household, its bills and receipts, on a phone: one card per season with
 * big numbers (they scale with large-text mode), and where to pay one tap away.
 */
export default function MyBillsPage() {
  const { t, i18n } = useTranslation('billing');
  const errorText = useErrorText();
  const user = useUser();
  const householdId = user.scopes.find((s) => s.kind === 'household')?.refId;
  const household = useHousehold(householdId);
  const bills = useHouseholdBills(householdId);
  const receipts = useHouseholdReceipts(householdId);
  const money = (fen: number) => formatFen(fen, i18n.language);
  const h = household.data;

  if (householdId === undefined) return <ErrorState status="warning" title={t('my.noHousehold')} />;
  if (bills.isLoading) return <Loading label={t('my.title')} />;
  const error = bills.error ?? receipts.error;

  return (
    <div style={{ maxWidth: 560, marginInline: 'auto' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('my.title')}
      </Typography.Title>
      {h && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
          {t('my.household', { accountNo: h.accountNo, address: h.address })}
          <br />
          {t('my.area', { area: m2(h.billingAreaCm2) })}
        </Typography.Paragraph>
      )}
      {error && <Alert type="error" showIcon title={t('loadFailed')} description={errorText(error)} style={{ marginBottom: 12 }} />}
      <Flex vertical gap={12}>
        {bills.data?.bills.length === 0 && <Card>{t('my.noBills')}</Card>}
        {bills.data?.bills.map((b) => (
          <Card key={b.id} data-testid="my-bill" size="small">
            <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
              <Typography.Title level={4} style={{ margin: 0 }}>
                {t('seasonLabel', { season: b.season })}
              </Typography.Title>
              <Tag color={STATUS_COLOR[status(b)]}>{t(`my.status.${status(b)}`)}</Tag>
            </Flex>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('counter.amount')}>{money(b.amountFen)}</Descriptions.Item>
              <Descriptions.Item label={t('counter.paid')}>{money(b.paidFen)}</Descriptions.Item>
              <Descriptions.Item label={t('counter.balance')}>
                <Typography.Text strong type={b.balanceFen > 0 ? 'danger' : undefined}>
                  {money(b.balanceFen)}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          </Card>
        ))}
        {bills.data && bills.data.creditFen > 0 && (
          <Typography.Text>{t('my.credit', { amount: money(bills.data.creditFen) })}</Typography.Text>
        )}
        {bills.data?.bills.some((b) => b.balanceFen > 0) && (
          <Link to="/my/pay-online">
            <Button type="primary" size="large" block data-testid="pay-online">
              {t('online.title')}
            </Button>
          </Link>
        )}
        <WhereToPayCard householdId={householdId} />
        <Card size="small" title={t('my.receipts')} data-testid="my-receipts">
          <List
            dataSource={receipts.data?.receipts ?? []}
            locale={{ emptyText: t('my.noReceipts') }}
            renderItem={(r) => (
              <List.Item extra={<Typography.Text strong>{money(r.amountFen)}</Typography.Text>}>
                <List.Item.Meta
                  title={<Link to={`/my/receipts/${r.id}`}>{t('my.receipt', { no: r.receiptNo })}</Link>}
                  description={new Date(r.issuedAt).toLocaleString(i18n.language)}
                />
              </List.Item>
            )}
          />
        </Card>
      </Flex>
    </div>
  );
}
