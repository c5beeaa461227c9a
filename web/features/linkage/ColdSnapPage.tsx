import { App, Button, Card, Flex, Form, Input, InputNumber, Progress, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CallView, ColdSnapView, StartColdSnap } from '../../../server/modules/linkage/emergency.contract.ts';
import { ApiError } from '../../api.ts';
import { useApplyFieldErrors } from '../../ui/formErrors.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { RowButton, SelectableTable } from '../../ui/SelectableTable.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { useUser } from '../shell/session.ts';
import { useCalls, useColdSnaps, useEndColdSnap, useStartColdSnap } from './emergency.hooks.ts';

const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** 寒潮应急 for the branch office: the switch, past snaps, and how far the calls have got. */
export default function ColdSnapPage() {
  const { t } = useTranslation('linkage');
  const snaps = useColdSnaps();
  const end = useEndColdSnap();
  const { message } = App.useApp();
  const errorText = useErrorText();
  return (
    <>
      <PageHeader title={t('snap.title')} subtitle={t('snap.subtitle')} />
      <Flex vertical gap={16}>
        <StartForm />
        <SelectableTable<ColdSnapView>
          data-testid="cold-snaps"
          loading={snaps.isLoading}
          items={snaps.data?.items ?? []}
          detail={(id) => <SnapCalls id={id} />}
          scroll={{ x: 640 }}
          locale={{ emptyText: t('snap.none') }}
          columns={[
            { title: '', dataIndex: 'active', render: (on: boolean) => <Tag color={on ? 'blue' : 'default'}>{t(on ? 'snap.on' : 'snap.off')}</Tag> },
            { title: t('snap.since'), dataIndex: 'startsAt', render: time },
            { title: t('snap.until'), dataIndex: 'endsAt', render: (v: string | null) => (v ? time(v) : '—') },
            { title: t('snap.note'), dataIndex: 'note' },
            { title: '', render: (_, s) => <Flex vertical style={{ minWidth: 120 }}><Typography.Text>{t('snap.calls', s.calls)}</Typography.Text><Progress size="small" percent={s.calls.total ? Math.round((s.calls.done * 100) / s.calls.total) : 100} /></Flex> },
            {
              title: '',
              render: (_, s) => s.endsAt === null && (
                <RowButton danger loading={end.isPending} onClick={() => end.mutate(s.id, { onError: (err) => void message.error(errorText(err)) })}>
                  {t('snap.endNow')}
                </RowButton>
              ),
            },
          ]}
        />
      </Flex>
    </>
  );
}

function StartForm() {
  const { t } = useTranslation('linkage');
  const user = useUser();
  const [form] = Form.useForm<StartColdSnap>();
  const start = useStartColdSnap();
  const apply = useApplyFieldErrors();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const branchId = user.scopes.find((s) => s.kind === 'branch')?.refId;
  return (
    <Card size="small" title={t('snap.start')}>
      <Form form={form} layout="inline" initialValues={{ branchId }} style={{ rowGap: 8 }}
        onFinish={(v) => start.mutate(v, {
          onSuccess: () => form.resetFields(['note']),
          onError: (e) => {
            const rest = e instanceof ApiError ? apply(form, e) : [];
            if (!(e instanceof ApiError) || rest.length || !e.fieldProblems.length) void message.error(errorText(e));
          },
        })}>
        {/* A branch account switches its own branch; a company-wide admin names one. */}
        <Form.Item name="branchId" label={t('snap.branch')} rules={[{ required: true }]} hidden={branchId !== undefined}><InputNumber min={1} /></Form.Item>
        <Form.Item name="note" label={t('snap.note')} rules={[{ required: true, whitespace: true }]}><Input maxLength={200} style={{ width: 280 }} /></Form.Item>
        <Button type="primary" htmlType="submit" loading={start.isPending}>{t('snap.start')}</Button>
      </Form>
    </Card>
  );
}

function SnapCalls({ id }: { id: number }) {
  const { t } = useTranslation('linkage');
  const calls = useCalls(id);
  return (
    <Table<CallView>
      data-testid="snap-calls"
      rowKey="householdId"
      size="small"
      loading={calls.isLoading}
      dataSource={calls.data?.items ?? []}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      scroll={{ x: 720 }}
      columns={[
        { title: t('vulnerable.household'), render: (_, c) => `${c.address} · ${c.holderName}` },
        { title: t('vulnerable.reason'), dataIndex: 'reason', render: (r: CallView['reason']) => t(`vulnerable.reasons.${r}`) },
        { title: '', dataIndex: 'status', render: (s: CallView['status']) => <Tag color={s === 'done' ? 'green' : 'orange'}>{t(s === 'done' ? 'calls.done' : 'calls.pending')}</Tag> },
        { title: t('calls.outcome'), render: (_, c) => c.outcome && `${c.outcome}（${t('calls.doneBy', { name: c.doneBy, time: time(c.doneAt!) })}）` },
      ]}
    />
  );
}
