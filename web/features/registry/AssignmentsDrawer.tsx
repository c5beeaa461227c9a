import { useEffect, useState } from 'react';
import { Alert, App, Button, DatePicker, Drawer, Form, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { useApplyFieldErrors } from '../../ui/formErrors.ts';
import { useNarrowScreen } from '../../ui/useNarrowScreen.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useAssignSteward, useFieldWorkers, useGridAssignments } from './places.hooks.ts';

interface Values {
  stewardUserId: number;
  deputyUserId?: number;
  validFrom: Dayjs;
}

/**
 * A grid's named steward and deputy over time, and a form to name the next ones from a date.
 * History is never edited: a new assignment closes the current one on its first day, and the
 * new steward gets the grid in their account at once (the replaced one loses it when it starts).
 */
export function AssignmentsDrawer({ grid, editable, onClose }: { grid: { id: number; label: string } | undefined; editable: boolean; onClose: () => void }) {
  const { t } = useTranslation('registry');
  const { message } = App.useApp();
  const narrow = useNarrowScreen();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const applyFieldErrors = useApplyFieldErrors();
  const history = useGridAssignments(grid?.id);
  const workers = useFieldWorkers(editable && grid !== undefined);
  const assign = useAssignSteward(grid?.id);
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    setProblem(undefined);
    form.resetFields();
  }, [grid, form]);

  const submit = (v: Values) => {
    setProblem(undefined);
    assign.mutate(
      { stewardUserId: v.stewardUserId, deputyUserId: v.deputyUserId ?? null, validFrom: v.validFrom.format('YYYY-MM-DD') },
      {
        onSuccess: () => {
          void message.success(t('places.assigned'));
          form.resetFields();
        },
        onError: (err) => {
          const unplaced = err instanceof ApiError ? applyFieldErrors(form, err) : [];
          setProblem([errorText(err), ...unplaced].join(' '));
        },
      },
    );
  };
  const people = workers.data?.items.map((w) => ({ value: w.id, label: `${w.name}（${t(`places.workerRoles.${w.role}`)}）${w.phone ?? ''}` }));

  return (
    <Drawer open={grid !== undefined} onClose={onClose} size={narrow ? '100%' : 640} title={grid && t('places.stewardsOf', { grid: grid.label })}>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        loading={history.isLoading}
        dataSource={history.data?.items}
        style={{ marginBottom: 24 }}
        columns={[
          { title: t('places.steward'), key: 'steward', render: (_, a) => `${a.stewardName} ${a.stewardPhone ?? ''}` },
          { title: t('places.deputy'), key: 'deputy', render: (_, a) => (a.deputyName ? `${a.deputyName} ${a.deputyPhone ?? ''}` : '—') },
          { title: t('places.validFrom'), dataIndex: 'validFrom' },
          { title: t('places.validTo'), dataIndex: 'validTo', render: (v: string | null) => v ?? <Tag color="green">{t('places.current')}</Tag> },
        ]}
      />
      {editable && (
        <>
          <Typography.Title level={5}>{t('places.assignTitle')}</Typography.Title>
          {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
          <Form<Values> form={form} layout="vertical" onFinish={submit}>
            <Form.Item name="stewardUserId" label={t('places.steward')} rules={[{ required: true, message: t('household.required') }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={people} loading={workers.isLoading} />
            </Form.Item>
            <Form.Item name="deputyUserId" label={t('places.deputy')}>
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={people} loading={workers.isLoading} />
            </Form.Item>
            <Form.Item name="validFrom" label={t('places.validFrom')} rules={[{ required: true, message: t('household.required') }]}>
              <DatePicker />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={assign.isPending}>
              {t('places.assign')}
            </Button>
          </Form>
        </>
      )}
    </Drawer>
  );
}
