import { useEffect, useState } from 'react';
import { Alert, App, Button, DatePicker, Drawer, Flex, Form, Input, Popconfirm, Select, Switch, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CreateTenure, TenureView } from '../../../server/modules/tenure/tenure.contract.ts';
import { ApiError } from '../../api.ts';
import { useApplyFieldErrors } from '../../ui/formErrors.ts';
import { useNarrowScreen } from '../../ui/useNarrowScreen.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useUser } from '../shell/session.ts';
import { useAddTenure, useCompanies, useEndTenure, useMode, useTenures } from './hooks.ts';
import { TENURE_WRITERS } from './roles.ts';

interface Values {
  kind: CreateTenure['kind'];
  propertyCompanyId?: number;
  startsOn: Dayjs;
  endsOn?: Dayjs | null;
  collectsAsAgent: boolean;
  note?: string;
}

const KINDS = ['contracted', 'emergency', 'owners_committee'] as const;
const day = (d: Dayjs) => d.format('YYYY-MM-DD');

/**
 * A compound's property tenures: who managed it when, today's service mode, and for the office
 * the two writes that move it — add a tenure (the server's reasons land on the fields: overlap,
 * end before start, emergency manager over the limit) and end one.
 */
export function TenuresDrawer({ compound, onClose }: { compound: { id: number; name: string } | undefined; onClose: () => void }) {
  const { t } = useTranslation('tenure');
  const { message } = App.useApp();
  const errorText = useErrorText();
  const narrow = useNarrowScreen();
  const canWrite = TENURE_WRITERS.includes(useUser().role);
  const tenures = useTenures(compound?.id);
  const mode = useMode(compound?.id);
  const companies = useCompanies({ pageSize: 500 });
  const add = useAddTenure(compound?.id ?? 0);
  const end = useEndTenure();
  const [form] = Form.useForm<Values>();
  const applyFieldErrors = useApplyFieldErrors();
  const [adding, setAdding] = useState(false);
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    setAdding(false);
    setProblem(undefined);
    form.resetFields();
  }, [compound, form]);

  const save = (v: Values) => {
    setProblem(undefined);
    const body: CreateTenure = {
      kind: v.kind,
      propertyCompanyId: v.propertyCompanyId ?? null,
      startsOn: day(v.startsOn),
      endsOn: v.endsOn ? day(v.endsOn) : null,
      collectsAsAgent: v.collectsAsAgent,
      note: v.note?.trim() || null,
    };
    add.mutate(body, {
      onSuccess: () => {
        void message.success(t('tenures.added'));
        setAdding(false);
        form.resetFields();
      },
      onError: (err) => {
        const unplaced = err instanceof ApiError ? applyFieldErrors(form, err) : [];
        const placedAll = err instanceof ApiError && err.fieldProblems.length > 0 && unplaced.length === 0;
        setProblem(placedAll ? undefined : [errorText(err), ...unplaced].join(' '));
      },
    });
  };

  const endTenure = (tenure: TenureView) =>
    end.mutate({ id: tenure.id }, { onSuccess: () => void message.success(t('tenures.ended')), onError: (e) => void message.error(errorText(e)) });

  return (
    <Drawer open={compound !== undefined} onClose={onClose} size={narrow ? '100%' : 760} title={t('tenures.title', { compound: compound?.name ?? '' })}>
      {mode.data && (
        <Alert
          style={{ marginBottom: 16 }}
          type={mode.data.mode === 'direct' ? 'warning' : 'info'}
          title={t('tenures.today', { mode: t(`mode.${mode.data.mode}`), reason: t(`reason.${mode.data.reason}`) })}
        />
      )}
      <Table<TenureView>
        size="small"
        rowKey="id"
        pagination={false}
        loading={tenures.isFetching}
        dataSource={tenures.data?.items}
        scroll={{ x: 640 }}
        columns={[
          { title: t('tenures.columns.company'), key: 'company', render: (_, r) => r.propertyCompany?.name ?? '—' },
          { title: t('tenures.columns.kind'), dataIndex: 'kind', render: (k: TenureView['kind']) => t(`kind.${k}`) },
          { title: t('tenures.columns.period'), key: 'period', render: (_, r) => `${r.startsOn} → ${r.endsOn ?? t('dashboard.open')}` },
          { title: t('tenures.columns.agent'), dataIndex: 'collectsAsAgent', render: (a: boolean) => (a ? <Tag color="blue">{t('tenures.yes')}</Tag> : t('tenures.no')) },
          { title: t('tenures.columns.note'), dataIndex: 'note', render: (n: string | null) => <Typography.Text type="secondary">{n ?? ''}</Typography.Text> },
          ...(canWrite
            ? [{
                title: t('tenures.columns.actions'),
                key: 'actions',
                render: (_: unknown, r: TenureView) =>
                  r.endsOn === null && (
                    <Popconfirm title={t('tenures.confirmEnd', { company: r.propertyCompany?.name ?? t(`kind.${r.kind}`) })} okButtonProps={{ danger: true }} onConfirm={() => endTenure(r)}>
                      <Button type="link" size="small" danger>
                        {t('tenures.end')}
                      </Button>
                    </Popconfirm>
                  ),
              }]
            : []),
        ]}
      />
      {canWrite && !adding && (
        <Button type="primary" style={{ marginTop: 16 }} onClick={() => setAdding(true)}>
          {t('tenures.add')}
        </Button>
      )}
      {adding && (
        <Form<Values> form={form} layout="vertical" style={{ marginTop: 16 }} initialValues={{ kind: 'contracted', collectsAsAgent: true }} onFinish={save}>
          {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
          <Form.Item name="kind" label={t('tenures.kind')} rules={[{ required: true, message: t('tenures.required') }]}>
            <Select options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="propertyCompanyId" label={t('tenures.company')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              loading={companies.isLoading}
              options={(companies.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
          <Flex gap={16} wrap>
            <Form.Item name="startsOn" label={t('tenures.startsOn')} rules={[{ required: true, message: t('tenures.required') }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="endsOn" label={t('tenures.endsOn')} extra={t('tenures.endsOnHelp')}>
              <DatePicker />
            </Form.Item>
          </Flex>
          <Form.Item name="collectsAsAgent" label={t('tenures.collectsAsAgent')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="note" label={t('tenures.note')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Flex gap={8}>
            <Button type="primary" htmlType="submit" loading={add.isPending}>
              {t('tenures.save')}
            </Button>
            <Button onClick={() => setAdding(false)}>{t('tenures.cancel')}</Button>
          </Flex>
        </Form>
      )}
    </Drawer>
  );
}
