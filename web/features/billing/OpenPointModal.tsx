import { useEffect } from 'react';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OpenPoint } from '../../../server/modules/billing/points.contract.ts';
import { ApiError } from '../../api.ts';
import { applyFieldErrors } from '../../ui/formErrors.ts';
import { useCompoundList } from '../registry/hooks.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useUser } from '../shell/session.ts';
import { useOpenPoint, useStaffCandidates } from './points.hooks.ts';

export interface PointDraft {
  name: string;
  address: string;
  hours?: string;
  fromDate: string;
  toDate: string;
  compoundIds: number[];
  branchId: number;
}

interface Props {
  draft: PointDraft | undefined;
  onClose: () => void;
}

/** Open a point — prefilled from a proposal, or blank with the clerk's branch. Server problems land on their fields. */
export function OpenPointModal({ draft, onClose }: Props) {
  const { t } = useTranslation('billing');
  const errorText = useErrorText();
  const user = useUser();
  const [form] = Form.useForm<OpenPoint>();
  const open = useOpenPoint();
  const compounds = useCompoundList();
  const staff = useStaffCandidates(draft?.branchId);
  const required = [{ required: true, message: t('points.form.required') }];

  useEffect(() => {
    if (!draft) return;
    form.resetFields();
    form.setFieldsValue({
      name: draft.name,
      address: draft.address,
      hours: draft.hours ?? '09:00–17:00',
      fromDate: draft.fromDate,
      toDate: draft.toDate,
      compoundIds: draft.compoundIds,
      staffUserIds: [user.id],
    });
    open.reset();
    // The form is refilled only when a new draft arrives (form, user and open are stable).
  }, [draft]);

  const submit = ({ hours, ...values }: OpenPoint) => {
    open.mutate(
      { ...values, ...(hours?.trim() && { hours: hours.trim() }) },
      {
        onSuccess: onClose,
        onError: (err) => {
          if (err instanceof ApiError) applyFieldErrors(form, err);
        },
      },
    );
  };

  const branchCompounds = (compounds.data?.items ?? []).filter((c) => !draft || c.branchId === draft.branchId);
  return (
    <Modal
      open={draft !== undefined}
      title={t('points.form.title')}
      okText={t('points.form.submit')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={open.isPending}
      destroyOnHidden
      forceRender
    >
      <Form<OpenPoint> form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="name" label={t('points.form.name')} rules={required}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="address" label={t('points.form.address')} rules={required}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="hours" label={t('points.form.hours')}>
          <Input placeholder={t('points.form.hoursPlaceholder')} maxLength={60} />
        </Form.Item>
        <Form.Item label={t('points.form.dates')} required style={{ marginBottom: 0 }}>
          <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
            <Form.Item name="fromDate" rules={required} style={{ flex: 1, minWidth: 150 }}>
              <Input type="date" aria-label="fromDate" />
            </Form.Item>
            <Form.Item name="toDate" rules={required} style={{ flex: 1, minWidth: 150 }}>
              <Input type="date" aria-label="toDate" />
            </Form.Item>
          </div>
        </Form.Item>
        <Form.Item name="compoundIds" label={t('points.form.compounds')} rules={required}>
          <Select
            mode="multiple"
            optionFilterProp="label"
            loading={compounds.isLoading}
            options={branchCompounds.map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
        <Form.Item name="staffUserIds" label={t('points.form.staff')} rules={required}>
          <Select
            mode="multiple"
            optionFilterProp="label"
            loading={staff.isLoading}
            options={(staff.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.role})` }))}
          />
        </Form.Item>
        {open.error && !(open.error instanceof ApiError && open.error.fieldProblems.length) && (
          <Alert type="error" showIcon title={errorText(open.error)} />
        )}
      </Form>
    </Modal>
  );
}
