import { useRef, useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, Row, Select, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CreditNoteView, RefundView } from '../../../server/modules/billing/online.contract.ts';
import { ApiError } from '../../api.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { formatFen, parseYuanToFen } from '../../ui/money.ts';
import { useProblemText } from '../../ui/formErrors.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useHouseholdBills, useHouseholdSearch } from './hooks.ts';
import { newIdempotencyKey } from './idempotency-key.ts';
import { useAdjustments, useIssueCreditNote, useRefund } from './online.hooks.ts';

/** The clerk finds a household, sees its credit notes, refunds and credit, and issues either. */
export default function AdjustmentsPage() {
  const { t } = useTranslation('billing');
  const [q, setQ] = useState('');
  const search = useHouseholdSearch(q);
  const matches = search.data?.items ?? [];
  const [picked, setPicked] = useState<number>();
  const householdId = picked ?? (matches.length === 1 ? matches[0]!.id : undefined);
  return (
    <div style={{ maxWidth: 1100 }}>
      <PageHeader title={t('adjust.title')} subtitle={t('adjust.subtitle')} />
      <Card style={{ marginBottom: 12 }}>
        <Input.Search aria-label={t('counter.search')} placeholder={t('counter.searchPlaceholder')} enterButton={t('counter.search')} allowClear
          loading={search.isFetching} onSearch={(v) => { setQ(v.trim()); setPicked(undefined); }} />
        {matches.length > 1 && householdId === undefined && (
          <Select style={{ marginTop: 12, width: '100%' }} placeholder={t('counter.pick')} onChange={setPicked}
            options={matches.map((h) => ({ value: h.id, label: `${h.accountNo} · ${h.holderName} · ${h.address}` }))} />
        )}
        {q && search.data && matches.length === 0 && <Alert style={{ marginTop: 12 }} type="warning" showIcon title={t('counter.noMatch')} />}
      </Card>
      {householdId !== undefined && <HouseholdAdjustments key={householdId} householdId={householdId} />}
    </div>
  );
}

/** Server field problems onto the form's fields, the rest as one message. */
function useProblems() {
  const errorText = useErrorText();
  const problemText = useProblemText();
  return (err: unknown, setFields: (f: { name: string; errors: string[] }[]) => void, fieldOf: Record<string, string>) => {
    const problems = err instanceof ApiError ? err.fieldProblems : [];
    setFields(problems.filter((p) => fieldOf[p.field.replace(/^\//, '')]).map((p) => ({ name: fieldOf[p.field.replace(/^\//, '')]!, errors: [problemText(p)] })));
    return problems.some((p) => fieldOf[p.field.replace(/^\//, '')]) ? undefined : errorText(err);
  };
}

function HouseholdAdjustments({ householdId }: { householdId: number }) {
  const { t, i18n } = useTranslation('billing');
  const money = (fen: number) => formatFen(fen, i18n.language);
  const data = useAdjustments(householdId);
  const bills = useHouseholdBills(householdId);
  const issue = useIssueCreditNote();
  const refund = useRefund();
  const [noteForm] = Form.useForm();
  const [refundForm] = Form.useForm();
  const [noteError, setNoteError] = useState<string>();
  const [refundError, setRefundError] = useState<string>();
  const problems = useProblems();
  // One key per intended credit note / refund: a re-submit of the same form replays, never doubles.
  const noteKey = useRef({ key: newIdempotencyKey(), body: '' });
  const refundKey = useRef({ key: newIdempotencyKey(), body: '' });
  const keyFor = (ref: typeof noteKey, body: unknown) => {
    const json = JSON.stringify(body);
    if (ref.current.body !== json) ref.current = { key: newIdempotencyKey(), body: json };
    return ref.current.key;
  };
  const yuan = [{ required: true, message: t('adjust.required') }, { validator: (_: unknown, v: string) => (!v || parseYuanToFen(v) ? Promise.resolve() : Promise.reject(new Error(t('adjust.amountInvalid')))) }];
  const amountField = { amountFen: 'amount' };

  return (
    <Row gutter={[12, 12]}>
      <Col xs={24}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="credit-balance">{t('adjust.credit', { amount: money(data.data?.creditFen ?? 0) })}</Typography.Title>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('adjust.issue')}>
          <Form form={noteForm} layout="vertical" initialValues={{ reason: 'adjustment' }} onFinish={(v: { season: string; amount: string; reason: 'adjustment'; memo?: string }) => {
            const body = { householdId, season: v.season, amountFen: parseYuanToFen(v.amount)!, reason: v.reason, ...(v.memo && { memo: v.memo }) };
            setNoteError(undefined);
            issue.mutate({ body, key: keyFor(noteKey, body) }, {
              onSuccess: () => noteForm.resetFields(),
              onError: (err) => setNoteError(problems(err, noteForm.setFields, { ...amountField, season: 'season', reason: 'reason', memo: 'memo' })),
            });
          }}>
            <Form.Item name="season" label={t('adjust.season')} rules={[{ required: true, message: t('adjust.required') }]}>
              <Select options={(bills.data?.bills ?? []).map((b) => ({ value: b.season, label: `${t('seasonLabel', { season: b.season })} · ${money(b.amountFen)}` }))} />
            </Form.Item>
            <Form.Item name="amount" label={t('adjust.amount')} rules={yuan}><Input inputMode="decimal" /></Form.Item>
            <Form.Item name="reason" label={t('adjust.reason')}>
              <Select options={(['temperature', 'outage', 'adjustment'] as const).map((r) => ({ value: r, label: t(`adjust.reasons.${r}`) }))} />
            </Form.Item>
            <Form.Item name="memo" label={t('adjust.memo')}><Input maxLength={500} /></Form.Item>
            {noteError && <Alert type="error" showIcon title={noteError} style={{ marginBottom: 12 }} />}
            <Button type="primary" htmlType="submit" loading={issue.isPending}>{t('adjust.submitNote')}</Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('adjust.refund')}>
          <Form form={refundForm} layout="vertical" initialValues={{ channel: 'counter' }} onFinish={(v: { amount: string; channel: 'counter' | 'online'; provider?: 'dev-wechat'; reason: string }) => {
            const body = { householdId, amountFen: parseYuanToFen(v.amount)!, currency: 'CNY' as const, channel: v.channel, reason: v.reason, ...(v.channel === 'online' && { provider: v.provider ?? 'dev-wechat' }) };
            setRefundError(undefined);
            refund.mutate({ body, key: keyFor(refundKey, body) }, {
              onSuccess: () => refundForm.resetFields(),
              onError: (err) => setRefundError(problems(err, refundForm.setFields, { ...amountField, provider: 'provider', reason: 'reason' })),
            });
          }}>
            <Form.Item name="amount" label={t('adjust.amount')} rules={yuan}><Input inputMode="decimal" /></Form.Item>
            <Form.Item name="channel" label={t('adjust.channel')}>
              <Select options={(['counter', 'online'] as const).map((c) => ({ value: c, label: t(`adjust.channels.${c}`) }))} />
            </Form.Item>
            <Form.Item noStyle shouldUpdate={(a: { channel?: string }, b: { channel?: string }) => a.channel !== b.channel}>
              {({ getFieldValue }) => getFieldValue('channel') === 'online' && (
                <Form.Item name="provider" label={t('online.provider')} initialValue="dev-wechat">
                  <Select options={(['dev-wechat', 'dev-alipay'] as const).map((p) => ({ value: p, label: t(`online.${p}`) }))} />
                </Form.Item>
              )}
            </Form.Item>
            <Form.Item name="reason" label={t('adjust.refundReason')} rules={[{ required: true, min: 2, message: t('adjust.required') }]}><Input maxLength={500} /></Form.Item>
            {refundError && <Alert type="error" showIcon title={refundError} style={{ marginBottom: 12 }} />}
            <Button type="primary" htmlType="submit" loading={refund.isPending}>{t('adjust.submitRefund')}</Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24}>
        <Card size="small" title={t('adjust.creditNotes')}>
          <Table<CreditNoteView> rowKey="id" size="small" pagination={false} dataSource={data.data?.creditNotes ?? []} scroll={{ x: 640 }} columns={[
            { title: t('adjust.at'), dataIndex: 'createdAt', render: (v: string) => new Date(v).toLocaleString(i18n.language) },
            { title: t('adjust.season'), dataIndex: 'season' },
            { title: t('adjust.reason'), dataIndex: 'reason', render: (r: CreditNoteView['reason']) => t(`adjust.reasons.${r}`) },
            { title: t('adjust.amount'), dataIndex: 'amountFen', align: 'right', render: money },
            { title: t('adjust.toBill'), dataIndex: 'toBillFen', align: 'right', render: money },
            { title: t('adjust.toCredit'), dataIndex: 'toCreditFen', align: 'right', render: money },
            { title: t('adjust.memo'), dataIndex: 'memo' },
          ]} />
        </Card>
      </Col>
      <Col xs={24}>
        <Card size="small" title={t('adjust.refunds')}>
          <Table<RefundView> rowKey="id" size="small" pagination={false} dataSource={data.data?.refunds ?? []} scroll={{ x: 560 }} columns={[
            { title: t('adjust.at'), dataIndex: 'createdAt', render: (v: string) => new Date(v).toLocaleString(i18n.language) },
            { title: t('adjust.amount'), dataIndex: 'amountFen', align: 'right', render: money },
            { title: t('adjust.channel'), dataIndex: 'channel', render: (c: 'counter' | 'online', r) => `${t(`adjust.channels.${c}`)}${r.provider ? ` · ${r.provider}` : ''}` },
            { title: t('adjust.refundReason'), dataIndex: 'reason' },
          ]} />
        </Card>
      </Col>
    </Row>
  );
}
