import { useRef, useState } from 'react';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Result, Select, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CounterPayment, PaymentView } from '../../../server/modules/billing/billing.contract.ts';
import type { HouseholdView } from '../../../server/modules/registry/registry.contract.ts';
import { ApiError } from '../../api.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { formatFen, parseYuanToFen } from '../../ui/money.ts';
import { useProblemText } from '../../ui/formErrors.ts';
import { useErrorText } from '../shell/errorText.ts';
import { BillsTable } from './BillsTable.tsx';
import { useCounterPayment, useHousehold, useHouseholdBills, useHouseholdSearch } from './hooks.ts';
import { newIdempotencyKey } from './idempotency-key.ts';

interface PayForm {
  amount: string;
  billId?: number;
}

/** The server's payment fields, the form field that shows each one's problem, and in what words. */
const FIELD_OF: Record<string, { name: keyof PayForm; text: 'counter.amountRejected' | 'counter.billRejected' }> = {
  amountFen: { name: 'amount', text: 'counter.amountRejected' },
  billId: { name: 'billId', text: 'counter.billRejected' },
  season: { name: 'billId', text: 'counter.billRejected' },
};

/** The clerk finds a household with one search box, checks its bills and takes the money. */
export default function CounterPage() {
  const { t, i18n } = useTranslation('billing');
  const errorText = useErrorText();
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<number>();
  const search = useHouseholdSearch(q);
  const matches = search.data?.items ?? [];
  // One match is the household: no need to make the clerk click it.
  const householdId = picked ?? (matches.length === 1 ? matches[0]!.id : undefined);

  return (
    <div style={{ maxWidth: 960 }}>
      <PageHeader title={t('counter.title')} subtitle={t('counter.subtitle')} />
      <Card>
        <Input.Search
          aria-label={t('counter.search')}
          placeholder={t('counter.searchPlaceholder')}
          enterButton={t('counter.search')}
          allowClear
          loading={search.isFetching}
          onSearch={(v) => {
            setQ(v.trim());
            setPicked(undefined);
          }}
        />
        {search.error && <Alert style={{ marginTop: 12 }} type="error" showIcon title={errorText(search.error)} />}
        {q && search.data && matches.length === 0 && (
          <Alert style={{ marginTop: 12 }} type="warning" showIcon title={t('counter.noMatch')} />
        )}
        {matches.length > 1 && householdId === undefined && (
          <Table<HouseholdView>
            style={{ marginTop: 12 }}
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={matches}
            columns={[
              { title: t('counter.accountNo'), dataIndex: 'accountNo' },
              { title: t('counter.holder'), dataIndex: 'holderName' },
              { title: t('counter.address'), dataIndex: 'address' },
              {
                key: 'pick',
                render: (_, h) => (
                  <Button size="small" onClick={() => setPicked(h.id)}>
                    {t('counter.pick')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>
      {householdId !== undefined && (
        // Keyed by household: a new household starts a new payment (and a new Idempotency-Key).
        <HouseholdPayment key={householdId} householdId={householdId} language={i18n.language} />
      )}
    </div>
  );
}

function HouseholdPayment({ householdId, language }: { householdId: number; language: string }) {
  const { t } = useTranslation('billing');
  const errorText = useErrorText();
  const problemText = useProblemText();
  const household = useHousehold(householdId);
  const bills = useHouseholdBills(householdId);
  const pay = useCounterPayment();
  const [form] = Form.useForm<PayForm>();
  const [paid, setPaid] = useState<PaymentView>();
  const [problem, setProblem] = useState<string>();
  // The key of the submission in progress: a retry of the same amount and bill reuses it, so a
  // lost answer never turns into a second payment; a changed form is a new payment.
  const attempt = useRef<{ key: string; body: string }>(undefined);
  const money = (fen: number) => formatFen(fen, language);
  const h = household.data;

  const submit = (values: PayForm) => {
    const body: CounterPayment = {
      householdId,
      amountFen: parseYuanToFen(values.amount)!,
      currency: 'CNY',
      ...(values.billId !== undefined && { billId: values.billId }),
    };
    const json = JSON.stringify(body);
    if (attempt.current?.body !== json) attempt.current = { key: newIdempotencyKey(), body: json };
    setProblem(undefined);
    pay.mutate(
      { body, key: attempt.current.key },
      {
        onSuccess: (p) => {
          attempt.current = undefined;
          setPaid(p);
        },
        onError: (err) => {
          const problems = err instanceof ApiError ? err.fieldProblems : [];
          const placed = problems.filter((p) => FIELD_OF[p.field]);
          // The clerk reads which field was refused, with the server's reason in the UI language.
          form.setFields(placed.map((p) => ({ name: FIELD_OF[p.field]!.name, errors: [t(FIELD_OF[p.field]!.text, { reason: problemText(p) })] })));
          if (placed.length === 0) setProblem(errorText(err));
        },
      },
    );
  };

  return (
    <Card style={{ marginTop: 16 }} data-testid="counter-household">
      {h && (
        <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('counter.accountNo')}>{h.accountNo}</Descriptions.Item>
          <Descriptions.Item label={t('counter.holder')}>{h.holderName}</Descriptions.Item>
          <Descriptions.Item label={t('counter.address')}>{h.address}</Descriptions.Item>
          <Descriptions.Item label={t('counter.phone')}>{h.phone ?? '—'}</Descriptions.Item>
        </Descriptions>
      )}
      <Typography.Title level={5}>{t('counter.bills')}</Typography.Title>
      {bills.error && <Alert type="error" showIcon title={errorText(bills.error)} />}
      <BillsTable bills={bills.data?.bills ?? []} />
      {bills.data && bills.data.creditFen > 0 && (
        <Typography.Paragraph style={{ marginTop: 8 }}>{t('counter.credit', { amount: money(bills.data.creditFen) })}</Typography.Paragraph>
      )}
      {paid ? (
        <Result
          status="success"
          title={t('counter.receiptTitle')}
          subTitle={
            <Flex vertical align="center" gap={8}>
              <Typography.Text strong style={{ fontSize: 18 }} data-testid="receipt-no">
                {t('counter.receiptNo', { no: paid.receipt.receiptNo })}
              </Typography.Text>
              <span>
                {t('counter.receiptDetail', {
                  amount: money(paid.amountFen),
                  allocated: money(paid.amountFen - paid.creditFen),
                  credit: money(paid.creditFen),
                })}
              </span>
            </Flex>
          }
          extra={
            <Button
              onClick={() => {
                setPaid(undefined);
                form.resetFields();
              }}
            >
              {t('counter.another')}
            </Button>
          }
        />
      ) : (
        <Form<PayForm> form={form} layout="vertical" onFinish={submit} style={{ marginTop: 16, maxWidth: 420 }}>
          <Typography.Title level={5}>{t('counter.payTitle')}</Typography.Title>
          <Form.Item
            name="amount"
            label={t('counter.payAmount')}
            rules={[
              { required: true, message: t('counter.amountRequired') },
              {
                validator: async (_, v: string | undefined) => {
                  if (!v) return;
                  const fen = parseYuanToFen(v);
                  if (fen === undefined || fen <= 0) throw new Error(t('counter.amountInvalid'));
                },
              },
            ]}
          >
            <Input inputMode="decimal" prefix="¥" autoComplete="off" />
          </Form.Item>
          <Form.Item name="billId" label={t('counter.bill')}>
            <Select
              allowClear
              placeholder={t('counter.oldestFirst')}
              options={(bills.data?.bills ?? [])
                .filter((b) => b.balanceFen > 0)
                .map((b) => ({ value: b.id, label: `${b.season} · ${t('counter.balance')} ${money(b.balanceFen)}` }))}
            />
          </Form.Item>
          {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" loading={pay.isPending}>
            {t('counter.submit')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
