import { Link } from 'react-router';
import { Alert, Card, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { formatFen } from '../../ui/money.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useUser } from '../shell/session.ts';
import { useHouseholdReceipts } from './hooks.ts';

/** The resident's receipts, newest first; each opens its printable view. */
export default function ReceiptsPage() {
  const { t, i18n } = useTranslation('billing');
  const errorText = useErrorText();
  const householdId = useUser().scopes.find((s) => s.kind === 'household')?.refId;
  const receipts = useHouseholdReceipts(householdId);
  if (householdId === undefined) return <ErrorState status="warning" title={t('my.noHousehold')} />;
  return (
    <div style={{ maxWidth: 560, marginInline: 'auto' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('receipt.listTitle')}
      </Typography.Title>
      {receipts.error && <Alert type="error" showIcon title={errorText(receipts.error)} />}
      <Card size="small">
        <List
          loading={receipts.isLoading}
          dataSource={receipts.data?.receipts ?? []}
          locale={{ emptyText: t('receipt.none') }}
          renderItem={(r) => (
            <List.Item data-testid="receipt-item" extra={<Link to={`/my/receipts/${r.id}`}>{t('receipt.open')}</Link>}>
              <List.Item.Meta
                title={<Link to={`/my/receipts/${r.id}`}>{r.receiptNo}</Link>}
                description={`${new Date(r.issuedAt).toLocaleString(i18n.language)} · ${formatFen(r.amountFen, i18n.language)}`}
              />
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
