import { useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OnBehalfHit } from '../../../server/modules/repairs/on-behalf.contract.ts';
import { REPAIR_CATEGORIES, type OpenRequest, type RepairCategory, type RequestDetail } from '../../../server/modules/repairs/repairs.contract.ts';
import { ApiError } from '../../api.ts';
import { useApplyFieldErrors } from '../../ui/formErrors.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useOpenRequest } from './hooks.ts';

interface Values {
  category: RepairCategory;
  channel: 'hotline' | '12345' | 'liaison';
  caller: { name: string; phone?: string; caseRef?: string };
  note?: string;
  urgent: boolean;
}

/**
 * What the caller says, for the household chosen: the fault, where the call came from, who
 * called and how to call back. A dispatcher picks hotline or 12345; a liaison's channel is
 * fixed. Server problems land under their fields (caller.name, caller.phone…).
 */
export function OnBehalfForm({ hit, liaison, onSent }: { hit: OnBehalfHit; liaison: boolean; onSent: (r: RequestDetail) => void }) {
  const { t } = useTranslation('repairs');
  const [form] = Form.useForm<Values>();
  const open = useOpenRequest();
  const errorText = useErrorText();
  const applyFieldErrors = useApplyFieldErrors();
  const [problem, setProblem] = useState<string>();
  const channel = Form.useWatch('channel', form);
  const required = { required: true, whitespace: true, message: t('desk.onBehalf.required') };

  const send = (v: Values) => {
    const body: OpenRequest = {
      householdId: hit.householdId,
      category: v.category,
      channel: v.channel,
      ...(v.urgent && { priority: 'urgent' as const }),
      ...(v.note?.trim() && { note: v.note.trim() }),
      caller: {
        name: v.caller.name.trim(),
        ...(v.caller.phone?.trim() && { phone: v.caller.phone.trim() }),
        ...(v.channel === '12345' && v.caller.caseRef?.trim() && { caseRef: v.caller.caseRef.trim() }),
      },
    };
    setProblem(undefined);
    open.mutate(body, {
      onSuccess: onSent,
      onError: (err) => {
        const unplaced = err instanceof ApiError ? applyFieldErrors(form, err) : [];
        setProblem([errorText(err), ...unplaced].join(' '));
      },
    });
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={send}
      initialValues={{ channel: liaison ? 'liaison' : 'hotline', urgent: false, caller: { name: liaison ? hit.holderName : '' } }}
    >
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      <Form.Item name="category" label={t('desk.onBehalf.category')} rules={[{ required: true, message: t('desk.onBehalf.required') }]}>
        <Radio.Group optionType="button" buttonStyle="solid" size="large" options={REPAIR_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))} />
      </Form.Item>
      {!liaison && (
        <Form.Item name="channel" label={t('desk.onBehalf.channel')}>
          <Radio.Group options={(['hotline', '12345'] as const).map((c) => ({ value: c, label: t(`desk.onBehalf.channels.${c}`) }))} />
        </Form.Item>
      )}
      <Form.Item name={['caller', 'name']} label={t('desk.onBehalf.callerName')} rules={[required]}>
        <Input maxLength={60} placeholder={t('desk.onBehalf.callerNamePlaceholder')} />
      </Form.Item>
      <Form.Item name={['caller', 'phone']} label={t('desk.onBehalf.callerPhone')}>
        <Input inputMode="tel" maxLength={20} />
      </Form.Item>
      {channel === '12345' && (
        <Form.Item name={['caller', 'caseRef']} label={t('desk.onBehalf.caseRef')}>
          <Input maxLength={40} />
        </Form.Item>
      )}
      <Form.Item name="note" label={t('desk.onBehalf.note')}>
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
      <Form.Item name="urgent" valuePropName="checked">
        <Checkbox>{t('desk.onBehalf.urgent')}</Checkbox>
      </Form.Item>
      <Button type="primary" size="large" htmlType="submit" loading={open.isPending} block>
        {t('desk.onBehalf.submit')}
      </Button>
    </Form>
  );
}
