import { useEffect, useState } from 'react';
import { Alert, App, Button, Drawer, Form, Input } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CreateHousehold, HouseholdView } from '../../../server/modules/registry/registry.contract.ts';
import { api, ApiError } from '../../api.ts';
import { useApplyFieldErrors } from '../../ui/formErrors.ts';
import { useNarrowScreen } from '../../ui/useNarrowScreen.ts';
import { useErrorText } from '../shell/errorText.ts';
import { HouseholdFields, toBody, type Values } from './HouseholdDrawer.tsx';
import { RefSelect } from './RefSelect.tsx';

type NewValues = Values & { accountNo: string; compoundId?: number; buildingId?: number; entranceId: number };

/**
 * A household the office adds by hand (a new flat, a split account) instead of by import: its
 * account number and entrance are fixed here; everything else is the same form as editing.
 */
export function NewHouseholdDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('registry');
  const { message } = App.useApp();
  const narrow = useNarrowScreen();
  const errorText = useErrorText();
  const [form] = Form.useForm<NewValues>();
  const applyFieldErrors = useApplyFieldErrors();
  const [problem, setProblem] = useState<string>();
  const qc = useQueryClient();
  const create = useMutation({
    mutationFn: (body: CreateHousehold) => api<HouseholdView>('/api/registry/households', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['registry'] }),
  });

  useEffect(() => {
    setProblem(undefined);
    form.resetFields();
  }, [open, form]);

  const submit = (v: NewValues) => {
    setProblem(undefined);
    create.mutate(
      { ...toBody(v), accountNo: v.accountNo.trim(), entranceId: v.entranceId },
      {
        onSuccess: (h) => {
          void message.success(t('newHousehold.created', { accountNo: h.accountNo }));
          onClose();
        },
        onError: (err) => {
          const unplaced = err instanceof ApiError ? applyFieldErrors(form, err) : [];
          setProblem([errorText(err), ...unplaced].join(' '));
        },
      },
    );
  };
  const required = { required: true, message: t('household.required') };
  // The entrance is chosen down the address: compound, then its buildings, then their entrances.
  const compoundId = Form.useWatch('compoundId', form);
  const buildingId = Form.useWatch('buildingId', form);

  return (
    <Drawer open={open} onClose={onClose} size={narrow ? '100%' : 520} title={t('newHousehold.title')}>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      <Form<NewValues> form={form} layout="vertical" onFinish={submit} initialValues={{ customerType: 'residential', status: 'heating', hasHeatMeter: false }}>
        <Form.Item name="accountNo" label={t('newHousehold.accountNo')} rules={[required, { pattern: /^[A-Za-z0-9-]{4,32}$/, message: t('newHousehold.accountNoInvalid') }]}>
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="compoundId" label={t('newHousehold.compound')} rules={[required]}>
          <RefSelect path="compounds" onChange={(compoundId) => form.setFieldsValue({ compoundId: compoundId ?? undefined, buildingId: undefined, entranceId: undefined })} />
        </Form.Item>
        <Form.Item name="buildingId" label={t('newHousehold.building')} rules={[required]}>
          <RefSelect path="buildings" filter={compoundId ? { compoundId } : {}} disabled={!compoundId} onChange={(buildingId) => form.setFieldsValue({ buildingId: buildingId ?? undefined, entranceId: undefined })} />
        </Form.Item>
        <Form.Item name="entranceId" label={t('newHousehold.entrance')} rules={[required]}>
          <RefSelect path="entrances" filter={buildingId ? { buildingId } : {}} disabled={!buildingId} />
        </Form.Item>
        <HouseholdFields />
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('household.save')}
        </Button>
      </Form>
    </Drawer>
  );
}
