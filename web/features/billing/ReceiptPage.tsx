import { useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Radio, Tag, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ReceiptDetail, RequestEInvoice } from '../../../server/modules/billing/online.contract.ts';
import { ApiError } from '../../api.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { formatFen } from '../../ui/money.ts';
import { useProblemText } from '../../ui/formErrors.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useReceipt, useRequestEInvoice } from './online.hooks.ts';

/** Print only the receipt: the app frame (menu, header) and the e-invoice form stay on screen. */
const PRINT_CSS = `@media print {
  body * { visibility: hidden; }
  #receipt-print, #receipt-print * { visibility: visible; }
  #receipt-print { position: absolute; inset: 0 auto auto 0; width: 100%; }
  .no-print { display: none !important; }
}`;

/** One receipt, printable, with its e-invoice (request it here if none yet). */
export default function ReceiptPage() {
  const { t, i18n } = useTranslation('billing');
  const errorText = useErrorText();
  const id = Number(useParams().id);
  const receipt = useReceipt(id);
  if (receipt.isLoading) return <Loading label={t('receipt.title')} />;
  if (!receipt.data) return <ErrorState status="error" title={receipt.error ? errorText(receipt.error) : t('loadFailed')} />;
  const r = receipt.data;
  const money = (fen: number) => formatFen(fen, i18n.language);
  const channel = r.payment.channel;

  return (
    <div style={{ maxWidth: 640, marginInline: 'auto' }}>
      <style>{PRINT_CSS}</style>
      <Flex justify="space-between" align="center" className="no-print" style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('receipt.title')}
        </Typography.Title>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('receipt.print')}
        </Button>
      </Flex>
      <Card id="receipt-print" data-testid="receipt">
        <Typography.Title level={4} style={{ textAlign: 'center', marginTop: 0 }}>
          {r.branchName} · 供暖费收据
        </Typography.Title>
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('receipt.no')}>{r.receipt.receiptNo}</Descriptions.Item>
          <Descriptions.Item label={t('receipt.issuedAt')}>{new Date(r.receipt.issuedAt).toLocaleString(i18n.language)}</Descriptions.Item>
          <Descriptions.Item label={t('receipt.household')}>{r.household.accountNo}</Descriptions.Item>
          <Descriptions.Item label={t('receipt.holder')}>{r.household.holderName}</Descriptions.Item>
          <Descriptions.Item label={t('receipt.address')}>{r.household.address}</Descriptions.Item>
          <Descriptions.Item label={t('receipt.channel')}>
            {CHANNEL_KEYS[channel] ? t(CHANNEL_KEYS[channel]) : channel}
            {r.payment.provider && ` · ${t(`online.${r.payment.provider as 'dev-wechat'}`)}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('receipt.amount')}>
            <Typography.Text strong style={{ fontSize: '1.2em' }}>{money(r.receipt.amountFen)}</Typography.Text>
          </Descriptions.Item>
          {r.payment.allocations.map((a) => (
            <Descriptions.Item key={a.billId} label={t('receipt.allocation')}>
              {t('seasonLabel', { season: a.season })} {money(a.amountFen)}
            </Descriptions.Item>
          ))}
          {r.payment.creditFen > 0 && <Descriptions.Item label={t('receipt.credit')}>{money(r.payment.creditFen)}</Descriptions.Item>}
          <Descriptions.Item label={t('receipt.branch')}>{r.branchName}</Descriptions.Item>
        </Descriptions>
      </Card>
      <EInvoiceCard receipt={r} />
    </div>
  );
}

const CHANNEL_KEYS = {
  counter: 'receipt.channels.counter',
  agent: 'receipt.channels.agent',
  temp_point: 'receipt.channels.temp_point',
  online: 'receipt.channels.online',
} as const;

function EInvoiceCard({ receipt }: { receipt: ReceiptDetail }) {
  const { t } = useTranslation('billing');
  const errorText = useErrorText();
  const problemText = useProblemText();
  const request = useRequestEInvoice(receipt.receipt.id);
  const [form] = Form.useForm<RequestEInvoice>();
  const buyerType = Form.useWatch('buyerType', form) ?? 'personal';
  const inv = receipt.eInvoice;

  const submit = (values: RequestEInvoice) =>
    request.mutate(values, {
      onError: (err) => {
        if (err instanceof ApiError && err.fieldProblems.length > 0) {
          form.setFields(err.fieldProblems.map((p) => ({ name: p.field.replace(/^\//, '') as keyof RequestEInvoice, errors: [problemText(p)] })));
        }
      },
    });

  return (
    <Card className="no-print" size="small" title={t('receipt.einvoice')} style={{ marginTop: 12 }} data-testid="einvoice">
      {inv ? (
        <Flex vertical gap={4}>
          <span>
            <Tag color={inv.status === 'issued' ? 'success' : inv.status === 'failed' ? 'error' : 'processing'}>{t(`receipt.status.${inv.status}`)}</Tag>
            {inv.buyerName}
            {inv.buyerTaxId && ` · ${inv.buyerTaxId}`}
          </span>
          {inv.invoiceNo && <Typography.Text copyable>{t('receipt.invoiceNo', { no: inv.invoiceNo })}</Typography.Text>}
        </Flex>
      ) : (
        <Form form={form} layout="vertical" initialValues={{ buyerType: 'personal', buyerName: receipt.household.holderName ?? '' }} onFinish={submit}>
          <Typography.Paragraph type="secondary">{t('receipt.einvoiceNone')}</Typography.Paragraph>
          <Form.Item name="buyerType" label={t('receipt.buyerType')}>
            <Radio.Group options={[{ value: 'personal', label: t('receipt.personal') }, { value: 'company', label: t('receipt.company') }]} />
          </Form.Item>
          <Form.Item name="buyerName" label={t('receipt.buyerName')} rules={[{ required: true, max: 100 }]}>
            <Input size="large" />
          </Form.Item>
          {buyerType === 'company' && (
            <Form.Item name="buyerTaxId" label={t('receipt.buyerTaxId')} rules={[{ required: true, pattern: /^[0-9A-Z]{15,20}$/ }]}>
              <Input size="large" />
            </Form.Item>
          )}
          <Form.Item name="email" label={t('receipt.email')} rules={[{ type: 'email' }]}>
            <Input size="large" inputMode="email" />
          </Form.Item>
          {request.error && !(request.error instanceof ApiError && request.error.fieldProblems.length > 0) && (
            <Alert type="error" showIcon title={errorText(request.error)} style={{ marginBottom: 12 }} />
          )}
          <Button type="primary" size="large" htmlType="submit" loading={request.isPending}>
            {t('receipt.einvoiceRequest')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
