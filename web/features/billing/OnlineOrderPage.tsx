import { Link, useParams } from 'react-router';
import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { formatFen } from '../../ui/money.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useOnlineOrder } from './online.hooks.ts';

/** Where the cashier returns to: waits for the payment to be confirmed, then leads to the receipt. */
export default function OnlineOrderPage() {
  const { t, i18n } = useTranslation('billing');
  const errorText = useErrorText();
  const id = Number(useParams().id);
  const order = useOnlineOrder(id);
  const o = order.data;
  if (order.error) return <ErrorState status="error" title={errorText(order.error)} />;
  if (!o || o.status === 'created') {
    return <Result icon={<Spin size="large" />} title={t('online.waiting')} subTitle={t('online.waitingHint')} />;
  }
  if (o.status === 'paid') {
    return (
      <Result
        status="success"
        title={t('online.paidTitle')}
        subTitle={t('online.paidDetail', { amount: formatFen(o.amountFen, i18n.language) })}
        extra={[
          <Link key="receipt" to={`/my/receipts/${o.receiptId}`}>
            <Button type="primary" size="large">{t('online.viewReceipt')}</Button>
          </Link>,
          <Link key="bills" to="/my/bills">
            <Button size="large">{t('online.myBills')}</Button>
          </Link>,
        ]}
      />
    );
  }
  return (
    <Result
      status="warning"
      title={t(o.status === 'expired' ? 'online.expiredTitle' : 'online.closedTitle')}
      subTitle={t('online.closedHint')}
      extra={<Link to="/my/pay-online"><Button type="primary" size="large">{t('online.again')}</Button></Link>}
    />
  );
}
