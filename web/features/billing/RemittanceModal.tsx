import { useRef, useState } from 'react';
import { Alert, DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AgentPosition, RecordRemittance } from '../../../server/modules/billing/agent.contract.ts';
import { ApiError, type FieldProblem } from '../../api.ts';
import { applyFieldErrors, useProblemText } from '../../ui/formErrors.ts';
import { formatFen, parseYuanToFen } from '../../ui/money.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useRecordRemittance } from './agent.hooks.ts';
import { newIdempotencyKey } from './idempotency-key.ts';

/** Form fields are named like the server's, so its 422 problems land under the right field. */
interface RemitForm {
  tenureId?: number;
  /** Typed in yuan; sent as integer fen. */
  amountFen: string;
  method: 'bank_transfer' | 'cash';
  remittedOn: Dayjs;
  reference: string;
}

interface Props {
  company: AgentPosition;
  tenureId?: number;
  onClose: (saved?: string) => void;
}

/** The clerk records money a property company handed over, for one of its tenures. */
export function RemittanceModal({ company, tenureId, onClose }: Props) {
  const { t, i18n } = useTranslation('billing');
  const errorText = useErrorText();
  const problemText = useProblemText();
  const record = useRecordRemittance();
  const [form] = Form.useForm<RemitForm>();
  const [problem, setProblem] = useState<string>();
  // One key per intended remittance: resubmitting the same form after a lost answer replays it.
  const attempt = useRef<{ key: string; body: string }>(undefined);
  const money = (fen: number) => formatFen(fen, i18n.language);
  const owing = company.tenures.filter((x) => x.owedFen > 0 || x.tenureId === tenureId);

  const submit = (v: RemitForm) => {
    const body: RecordRemittance = {
      propertyCompanyId: company.propertyCompanyId,
      ...(v.tenureId !== undefined && { tenureId: v.tenureId }),
      amountFen: parseYuanToFen(v.amountFen)!,
      currency: 'CNY',
      method: v.method,
      remittedOn: v.remittedOn.format('YYYY-MM-DD'),
      reference: v.reference.trim(),
    };
    const json = JSON.stringify(body);
    if (attempt.current?.body !== json) attempt.current = { key: newIdempotencyKey(), body: json };
    setProblem(undefined);
    record.mutate(
      { body, key: attempt.current.key },
      {
        onSuccess: (r) => onClose(t('agent.form.saved', { amount: money(r.amountFen), owed: money(r.owedAfterFen) })),
        onError: (err) => {
          // "More than owed" is said with the amount in the clerk's language; other problems as the shell says them.
          const say = (p: FieldProblem) => (p.rule === 'exceeds_owed' ? t('agent.form.exceedsOwed', { owed: money(Number(p.params?.owedFen ?? 0)) }) : problemText(p));
          const unplaced = err instanceof ApiError ? applyFieldErrors(form, err, say) : [];
          if (!(err instanceof ApiError) || err.fieldProblems.length === 0 || unplaced.length) setProblem([errorText(err), ...unplaced].join('；'));
        },
      },
    );
  };

  return (
    <Modal
      open
      title={t('agent.form.title', { company: company.name })}
      okText={t('agent.form.submit')}
      confirmLoading={record.isPending}
      onOk={() => form.submit()}
      onCancel={() => onClose()}
      destroyOnHidden
    >
      <Form<RemitForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ method: 'bank_transfer', remittedOn: dayjs(), tenureId: tenureId ?? (owing.length === 1 ? owing[0]!.tenureId : undefined) }}
      >
        <Form.Item name="tenureId" label={t('agent.form.tenure')} rules={[{ required: owing.length > 1, message: t('agent.form.required') }]}>
          <Select
            options={owing.map((x) => ({
              value: x.tenureId,
              label: t('agent.form.tenureOption', { compound: x.compoundName, from: x.startsOn, to: x.endsOn ?? t('agent.openEnded'), owed: money(x.owedFen) }),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="amountFen"
          label={t('agent.form.amount')}
          rules={[
            { required: true, message: t('agent.form.required') },
            {
              validator: async (_, v: string | undefined) => {
                if (!v) return;
                const fen = parseYuanToFen(v);
                if (fen === undefined || fen <= 0) throw new Error(t('agent.form.amountInvalid'));
              },
            },
          ]}
        >
          <Input inputMode="decimal" prefix="¥" autoComplete="off" />
        </Form.Item>
        <Form.Item name="method" label={t('agent.form.method')}>
          <Radio.Group
            options={[
              { value: 'bank_transfer', label: t('agent.form.bank_transfer') },
              { value: 'cash', label: t('agent.form.cash') },
            ]}
          />
        </Form.Item>
        <Form.Item name="remittedOn" label={t('agent.form.remittedOn')} rules={[{ required: true, message: t('agent.form.required') }]}>
          <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="reference" label={t('agent.form.reference')} rules={[{ required: true, whitespace: true, message: t('agent.form.required') }]}>
          <Input maxLength={100} autoComplete="off" />
        </Form.Item>
        {problem && <Alert type="error" showIcon title={problem} />}
      </Form>
    </Modal>
  );
}
