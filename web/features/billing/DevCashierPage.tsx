import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Flex, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { formatFen } from '../../ui/money.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useCashierPay, useCashierTicket } from './online.hooks.ts';

/**
 * The development providers' cashier: stands in for the WeChat Pay / Alipay page the resident
 * would see. Paying makes the dev provider send its signed callback, then returns to our order page.
 */
export default function DevCashierPage() {
  const { t, i18n } = useTranslation('billing');
  const errorText = useErrorText();
  const navigate = useNavigate();
  const token = useSearchParams()[0].get('t') ?? '';
  const ticket = useCashierTicket(token);
  const pay = useCashierPay();
  const back = (orderId: number | null) => void navigate(orderId ? `/my/online-orders/${orderId}` : '/my/bills');

  if (ticket.isLoading) return <Loading label={t('cashier.title')} />;
  if (!ticket.data) return <ErrorState status="warning" title={t('cashier.badLink')} description={ticket.error ? errorText(ticket.error) : undefined} />;
  const tk = ticket.data;
  const green = tk.provider === 'dev-wechat' ? '#07c160' : '#1677ff';

  return (
    <div style={{ maxWidth: 480, marginInline: 'auto' }}>
      <Card styles={{ header: { background: green, color: '#fff' } }} title={`${t(`online.${tk.provider as 'dev-wechat'}`)} · ${t('cashier.title')}`}>
        {tk.state !== 'notpay' ? (
          <Result status={tk.state === 'paid' ? 'success' : 'warning'} title={t(tk.state === 'paid' ? 'cashier.paid' : 'cashier.closed')}
            extra={<Button onClick={() => back(tk.orderId)}>{t('online.myBills')}</Button>} />
        ) : (
          <Flex vertical gap={16}>
            <Typography.Text type="secondary">{t('cashier.hint')}</Typography.Text>
            <Typography.Title level={2} style={{ margin: 0, textAlign: 'center' }} data-testid="cashier-amount">
              {formatFen(tk.amountFen, i18n.language)}
            </Typography.Title>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('cashier.merchant')}>{t('cashier.merchantName')}</Descriptions.Item>
              <Descriptions.Item label={t('cashier.order')}>{tk.merchantOrderNo}</Descriptions.Item>
            </Descriptions>
            {pay.error && <Alert type="error" showIcon title={errorText(pay.error)} />}
            <Button type="primary" size="large" block style={{ background: green }} loading={pay.isPending}
              onClick={() => pay.mutate(token, { onSuccess: (r) => back(r.orderId) })}>
              {t('cashier.confirm')}
            </Button>
            <Button size="large" block onClick={() => back(tk.orderId)}>
              {t('cashier.cancel')}
            </Button>
          </Flex>
        )}
      </Card>
    </div>
  );
}
