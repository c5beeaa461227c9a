import { useRef, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Form, Input, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CounterPayment } from '../../../server/modules/billing/billing.contract.ts';
import type { PointView } from '../../../server/modules/billing/points.contract.ts';
import { ApiError } from '../../api.ts';
import { formatFen, parseYuanToFen } from '../../ui/money.ts';
import { useProblemText } from '../../ui/formErrors.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useUser } from '../shell/session.ts';
import { useHouseholdSearch } from './hooks.ts';
import { newIdempotencyKey } from './idempotency-key.ts';
import { useCashUp, usePointDay, usePointPayment } from './points.hooks.ts';

const yuanRule = (message: string) => ({
  validator: async (_: unknown, v: string | undefined) => {
    if (v && parseYuanToFen(v) === undefined) throw new Error(message);
  },
});

/** One point's desk for today: take payments (its staff only), the day's list, and the cash-up. */
export function PointDesk({ point }: { point: PointView }) {
  const { t, i18n } = useTranslation('billing');
  const user = useUser();
  const day = usePointDay(point.id, point.today);
  const money = (fen: number) => formatFen(fen, i18n.language);
  const isStaff = point.staff.some((s) => s.id === user.id);
  const cashUp = day.data?.cashUp;

  return (
    <Card title={`${t('points.desk')} · ${point.name} · ${point.today}`} style={{ marginTop: 16 }} data-testid="point-desk">
      {!isStaff && <Alert type="info" showIcon title={t('points.notStaff')} style={{ marginBottom: 12 }} />}
      {cashUp && <Alert type="warning" showIcon title={t('points.cashUp.locked')} style={{ marginBottom: 12 }} />}
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={12}>
          {isStaff && point.takingPaymentsToday && !cashUp && <PaymentForm point={point} />}
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Title level={5}>{t('points.cashUp.title')}</Typography.Title>
          {cashUp ? (
            <Descriptions column={1} size="small" bordered data-testid="cash-up-result">
              <Descriptions.Item label={t('points.cashUp.counted')}>{money(cashUp.countedFen)}</Descriptions.Item>
              <Descriptions.Item label={t('points.day.recorded')}>{money(cashUp.recordedFen)}</Descriptions.Item>
              <Descriptions.Item label={t('points.cashUp.variance')}>
                <VarianceTag fen={cashUp.varianceFen} /> {money(cashUp.varianceFen)}
              </Descriptions.Item>
              {cashUp.note && <Descriptions.Item label={t('points.cashUp.note')}>{cashUp.note}</Descriptions.Item>}
            </Descriptions>
          ) : (
            <CashUpForm pointId={point.id} date={point.today} />
          )}
        </Col>
      </Row>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('points.day.title', { date: point.today })}
      </Typography.Title>
      <Row gutter={16} style={{ marginBottom: 8 }}>
        <Col>
          <Statistic title={t('points.day.recorded')} value={money(day.data?.recordedFen ?? 0)} />
        </Col>
        <Col>
          <Statistic title={t('points.day.count')} value={day.data?.payments.length ?? 0} />
        </Col>
      </Row>
      <Table
        rowKey="paymentId"
        size="small"
        pagination={false}
        loading={day.isLoading}
        dataSource={day.data?.payments ?? []}
        locale={{ emptyText: t('points.day.none') }}
        scroll={{ x: 600 }}
        columns={[
          { title: t('points.day.account'), dataIndex: 'accountNo' },
          { title: t('counter.amount'), dataIndex: 'amountFen', render: (f: number) => money(f) },
          { title: t('points.day.receipt'), dataIndex: 'receiptNo' },
          { title: t('points.day.takenBy'), dataIndex: 'takenBy' },
          { title: '', dataIndex: 'at', render: (d: string) => new Date(d).toLocaleTimeString(i18n.language) },
        ]}
      />
    </Card>
  );
}

function VarianceTag({ fen }: { fen: number }) {
  const { t } = useTranslation('billing');
  if (fen === 0) return <Tag color="success">{t('points.cashUp.even')}</Tag>;
  return fen > 0 ? <Tag color="warning">{t('points.cashUp.over')}</Tag> : <Tag color="error">{t('points.cashUp.short')}</Tag>;
}

function PaymentForm({ point }: { point: PointView }) {
  const { t } = useTranslation('billing');
  const errorText = useErrorText();
  const problemText = useProblemText();
  const [q, setQ] = useState('');
  const search = useHouseholdSearch(q);
  const pay = usePointPayment(point.id);
  const [form] = Form.useForm<{ amount: string }>();
  const [done, setDone] = useState<string>();
  const attempt = useRef<{ key: string; body: string }>(undefined);
  const served = new Set(point.compounds.map((c) => c.id));
  // Only households of the compounds this point serves can pay here.
  const matches = (search.data?.items ?? []).filter((h) => served.has(h.compoundId));
  const household = matches.length === 1 ? matches[0] : undefined;

  const submit = ({ amount }: { amount: string }) => {
    if (!household) return;
    const body: CounterPayment = { householdId: household.id, amountFen: parseYuanToFen(amount)!, currency: 'CNY' };
    const json = JSON.stringify(body);
    // A retry of the same submission reuses its key, so a lost answer never becomes a second payment.
    if (attempt.current?.body !== json) attempt.current = { key: newIdempotencyKey(), body: json };
    setDone(undefined);
    pay.mutate(
      { body, key: attempt.current.key },
      {
        onSuccess: (p) => {
          attempt.current = undefined;
          setDone(p.receipt.receiptNo);
          form.resetFields();
        },
        onError: (err) => {
          const problem = err instanceof ApiError ? err.fieldProblems.find((p) => p.field === 'amountFen') : undefined;
          form.setFields([{ name: 'amount', errors: [problem ? `${t('counter.amountRejected', { reason: problemText(problem) })}` : errorText(err)] }]);
        },
      },
    );
  };

  return (
    <>
      <Typography.Title level={5}>{t('points.pay.title')}</Typography.Title>
      <Input.Search
        aria-label={t('points.pay.household')}
        placeholder={t('points.pay.householdPlaceholder')}
        enterButton={t('counter.search')}
        onSearch={(v) => setQ(v.trim())}
        loading={search.isFetching}
      />
      {q && search.data && !household && <Alert style={{ marginTop: 8 }} type="warning" showIcon title={t('counter.noMatch')} />}
      {household && (
        <Typography.Paragraph style={{ marginTop: 8 }} data-testid="point-household">
          <Typography.Text strong>{household.accountNo}</Typography.Text> {household.holderName} · {household.address}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" onFinish={submit} style={{ marginTop: 8 }}>
        <Form.Item name="amount" label={t('points.pay.amount')} rules={[{ required: true, message: t('counter.amountRequired') }, yuanRule(t('counter.amountInvalid'))]}>
          <Input inputMode="decimal" prefix="¥" autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" disabled={!household} loading={pay.isPending}>
          {t('points.pay.submit')}
        </Button>
      </Form>
      {done && <Alert style={{ marginTop: 8 }} type="success" showIcon title={t('points.pay.done', { no: done })} data-testid="point-receipt" />}
    </>
  );
}

function CashUpForm({ pointId, date }: { pointId: number; date: string }) {
  const { t } = useTranslation('billing');
  const errorText = useErrorText();
  const cashUp = useCashUp(pointId);
  const [form] = Form.useForm<{ counted: string; note?: string }>();
  const submit = ({ counted, note }: { counted: string; note?: string }) =>
    cashUp.mutate(
      { date, countedFen: parseYuanToFen(counted)!, ...(note?.trim() && { note: note.trim() }) },
      { onError: (err) => form.setFields([{ name: 'counted', errors: [errorText(err)] }]) },
    );
  return (
    <Form form={form} layout="vertical" onFinish={submit}>
      <Form.Item name="counted" label={t('points.cashUp.counted')} rules={[{ required: true, message: t('counter.amountRequired') }, yuanRule(t('counter.amountInvalid'))]}>
        <Input inputMode="decimal" prefix="¥" autoComplete="off" />
      </Form.Item>
      <Form.Item name="note" label={t('points.cashUp.note')}>
        <Input maxLength={500} />
      </Form.Item>
      <Button htmlType="submit" loading={cashUp.isPending}>
        {t('points.cashUp.submit')}
      </Button>
    </Form>
  );
}
