import { useEffect, useState } from 'react';
import { Alert, App, Button, Descriptions, Drawer, Form, Input, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_TYPES, HOUSEHOLD_STATUSES, type HouseholdView, type PatchHousehold } from '../../../server/modules/registry/registry.contract.ts';
import { ApiError } from '../../api.ts';
import { useApplyFieldErrors } from '../../ui/formErrors.ts';
import { useNarrowScreen } from '../../ui/useNarrowScreen.ts';
import { useErrorText } from '../shell/errorText.ts';
import { AREA_PATTERN, cm2, m2 } from './format.ts';
import { usePatchHousehold } from './hooks.ts';

export interface Values {
  holderName: string;
  phone?: string;
  room: string;
  grossAreaCm2: string;
  interiorAreaCm2?: string;
  customerType: HouseholdView['customerType'];
  status: HouseholdView['status'];
  hasHeatMeter: boolean;
}

function toValues(h: HouseholdView): Values {
  return {
    holderName: h.holderName,
    phone: h.phone ?? '',
    room: h.room,
    grossAreaCm2: m2(h.grossAreaCm2),
    interiorAreaCm2: h.interiorAreaCm2 === null ? '' : m2(h.interiorAreaCm2),
    customerType: h.customerType,
    status: h.status,
    hasHeatMeter: h.hasHeatMeter,
  };
}

/** The form's values as the API wants them: areas in hundredths of a m², empty optionals as null. */
export function toBody(v: Values): PatchHousehold & Required<Pick<PatchHousehold, 'holderName' | 'room' | 'grossAreaCm2'>> {
  return {
    holderName: v.holderName.trim(),
    phone: v.phone?.trim() || null,
    room: v.room.trim(),
    grossAreaCm2: cm2(v.grossAreaCm2),
    interiorAreaCm2: v.interiorAreaCm2?.trim() ? cm2(v.interiorAreaCm2) : null,
    customerType: v.customerType,
    status: v.status,
    hasHeatMeter: v.hasHeatMeter,
  };
}

/** The fields a household is kept by, shared by the edit drawer and the new-household drawer. */
export function HouseholdFields() {
  const { t } = useTranslation('registry');
  const required = { required: true, message: t('household.required') };
  const area = { pattern: AREA_PATTERN, message: t('household.areaInvalid') };
  return (
    <>
      <Form.Item name="holderName" label={t('household.holderName')} rules={[required]}>
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item name="phone" label={t('household.phone')} rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('household.phoneInvalid') }]}>
        <Input inputMode="tel" />
      </Form.Item>
      <Form.Item name="room" label={t('household.room')} rules={[required]}>
        <Input maxLength={20} />
      </Form.Item>
      <Form.Item name="grossAreaCm2" label={t('household.grossArea')} rules={[required, area]}>
        <Input inputMode="decimal" />
      </Form.Item>
      <Form.Item name="interiorAreaCm2" label={t('household.interiorArea')} extra={t('household.interiorAreaHelp')} rules={[area]}>
        <Input inputMode="decimal" />
      </Form.Item>
      <Form.Item name="customerType" label={t('household.customerType')}>
        <Select options={CUSTOMER_TYPES.map((c) => ({ value: c, label: t(`customerType.${c}`) }))} />
      </Form.Item>
      <Form.Item name="status" label={t('household.status')}>
        <Select options={HOUSEHOLD_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
      </Form.Item>
      <Form.Item name="hasHeatMeter" label={t('household.hasHeatMeter')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </>
  );
}

/**
 * One household: where it is (read only: moving a home is an import or a registry change) and,
 * for the office, its holder, phone, areas and status. Form fields are named like the API's, so
 * the server's field problems land under them.
 */
export function HouseholdDrawer({ household, editable, onClose }: { household: HouseholdView | undefined; editable: boolean; onClose: () => void }) {
  const { t } = useTranslation('registry');
  const { message } = App.useApp();
  const errorText = useErrorText();
  const narrow = useNarrowScreen();
  const [form] = Form.useForm<Values>();
  const applyFieldErrors = useApplyFieldErrors();
  const patch = usePatchHousehold();
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    setProblem(undefined);
    if (household) form.setFieldsValue(toValues(household));
  }, [household, form]);

  const save = (v: Values) => {
    if (!household) return;
    const body = toBody(v);
    setProblem(undefined);
    patch.mutate(
      { id: household.id, ...body },
      {
        onSuccess: () => {
          void message.success(t('household.saved'));
          onClose();
        },
        onError: (err) => {
          const unplaced = err instanceof ApiError ? applyFieldErrors(form, err) : [];
          setProblem([errorText(err), ...unplaced].join(' '));
        },
      },
    );
  };
  return (
    <Drawer open={household !== undefined} onClose={onClose} size={narrow ? '100%' : 520} title={household && t('household.title', { accountNo: household.accountNo })}>
      {household && (
        <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('household.address')}>{household.address}</Descriptions.Item>
          <Descriptions.Item label={t('household.community')}>{household.communityName}</Descriptions.Item>
          <Descriptions.Item label={t('household.grid')}>{household.gridCode}</Descriptions.Item>
          <Descriptions.Item label={t('household.billingArea')}>{m2(household.billingAreaCm2)}</Descriptions.Item>
        </Descriptions>
      )}
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" disabled={!editable} onFinish={save}>
        <HouseholdFields />
        {editable && (
          <Button type="primary" htmlType="submit" loading={patch.isPending}>
            {t('household.save')}
          </Button>
        )}
      </Form>
    </Drawer>
  );
}
