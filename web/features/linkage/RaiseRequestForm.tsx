import { App, Button, Card, Form, Input, Select, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HouseholdList } from '../../../server/modules/registry/registry.contract.ts';
import type { RaiseRequest } from '../../../server/modules/linkage/linkage.contract.ts';
import type { Static } from 'typebox';
import { api, ApiError } from '../../api.ts';
import { useApplyFieldErrors } from '../../ui/formErrors.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useRaiseRequest } from './hooks.ts';

const CATEGORIES = ['not_warm', 'no_heat', 'leak', 'valve', 'noise', 'other'] as const;

/** The liaison reports a fault for a resident (an elderly neighbour who called the community office). */
export function RaiseRequestForm({ groupId, compounds }: { groupId: number; compounds: { id: number; name: string }[] }) {
  const { t } = useTranslation('linkage');
  const { t: tr } = useTranslation('repairs');
  const { message } = App.useApp();
  const errorText = useErrorText();
  const applyErrors = useApplyFieldErrors();
  const [form] = Form.useForm<RaiseRequest>();
  const [q, setQ] = useState('');
  const raise = useRaiseRequest(groupId);
  // The liaison's own community's households (the registry scopes the search); vacuum compounds first.
  const households = useQuery({
    queryKey: ['linkage', 'households', q, compounds[0]?.id],
    queryFn: ({ signal }) =>
      api<Static<typeof HouseholdList>>('/api/registry/households', { signal, query: q ? { q, pageSize: 20 } : { compoundId: compounds[0]?.id, pageSize: 20 } }),
  });
  const submit = (values: RaiseRequest) =>
    raise.mutate(values, {
      onSuccess: (r) => {
        void message.success(t('group.raised', { id: r.requestId }));
        form.resetFields();
      },
      onError: (e) => {
        const rest = e instanceof ApiError ? applyErrors(form, e) : [];
        if (!(e instanceof ApiError) || rest.length || !e.fieldProblems.length) void message.error(errorText(e));
      },
    });
  return (
    <Card size="small" title={t('group.raise')} data-testid="raise-request">
      <Typography.Paragraph type="secondary">{t('group.raiseHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ category: 'not_warm' }}>
        <Form.Item name="householdId" label={t('group.household')} rules={[{ required: true }]}>
          <Select
            showSearch={{ filterOption: false, onSearch: setQ }}
            loading={households.isFetching}
            options={(households.data?.items ?? []).map((h) => ({ value: h.id, label: `${h.compoundName} ${h.buildingName} ${h.room} · ${h.holderName}` }))}
          />
        </Form.Item>
        <Form.Item name="category" label={t('group.category')} rules={[{ required: true }]}>
          <Select options={CATEGORIES.map((c) => ({ value: c, label: tr(`category.${c}`) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('group.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item name="callerName" label={t('group.callerName')}>
          <Input maxLength={60} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={raise.isPending}>{t('group.raise')}</Button>
      </Form>
    </Card>
  );
}
