import { PhoneOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Form, Input, List, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { VULNERABILITY_REASONS } from '../../../server/modules/linkage/linkage.contract.ts';
import type { CallView, FlagHousehold } from '../../../server/modules/linkage/emergency.contract.ts';
import { ApiError } from '../../api.ts';
import { useApplyFieldErrors } from '../../ui/formErrors.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { useUser } from '../shell/session.ts';
import { useCalls, useCompleteCall, useFlagHousehold, useUnflagHousehold, useVulnerable } from './emergency.hooks.ts';
import { HouseholdPicker } from './HouseholdPicker.tsx';

const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/**
 * Phone-first: during a cold snap each liaison or steward sees the flagged households of their
 * community or grid, calls with one tap and writes down how it went; liaisons keep the list.
 */
export default function CallsPage() {
  const { t } = useTranslation('linkage');
  const user = useUser();
  const calls = useCalls();
  const items = calls.data?.items ?? [];
  const mayFlag = ['liaison', 'admin', 'clerk', 'dispatcher'].includes(user.role);
  return (
    <>
      <PageHeader title={t('calls.title')} subtitle={t('calls.subtitle')} />
      <Flex vertical gap={12}>
        {!calls.isLoading && !items.length && <Empty description={t('calls.none')} />}
        {items.map((c) => <CallCard key={`${c.coldSnapId}-${c.householdId}`} call={c} />)}
        <VulnerableList mayFlag={mayFlag} />
      </Flex>
    </>
  );
}

function CallCard({ call: c }: { call: CallView }) {
  const { t } = useTranslation('linkage');
  const [form] = Form.useForm<{ outcome: string }>();
  const complete = useCompleteCall();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const done = c.status === 'done';
  return (
    <Card size="small" data-testid={`call-${c.householdId}`}
      title={<Flex vertical><span>{c.address}</span><Typography.Text type="secondary">{c.holderName} · {t(`vulnerable.reasons.${c.reason}`)}</Typography.Text></Flex>}
      extra={<Tag color={done ? 'green' : 'orange'}>{t(done ? 'calls.done' : 'calls.pending')}</Tag>}>
      {c.note && <Typography.Paragraph type="secondary">{c.note}</Typography.Paragraph>}
      {done ? (
        <Flex vertical>
          <Typography.Text>{c.outcome}</Typography.Text>
          <Typography.Text type="secondary">{t('calls.doneBy', { name: c.doneBy, time: time(c.doneAt!) })}</Typography.Text>
        </Flex>
      ) : (
        <Flex vertical gap={8}>
          {c.phone && <Button size="large" block icon={<PhoneOutlined />} href={`tel:${c.phone}`}>{t('calls.call')} {c.phone}</Button>}
          <Form form={form} layout="vertical"
            onFinish={(v) => complete.mutate({ snapId: c.coldSnapId, householdId: c.householdId, outcome: v.outcome }, { onError: (e) => void message.error(errorText(e)) })}>
            <Form.Item name="outcome" label={t('calls.outcome')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={2} maxLength={500} placeholder={t('calls.outcomePlaceholder')} />
            </Form.Item>
            <Button type="primary" size="large" block htmlType="submit" loading={complete.isPending}>{t('calls.markDone')}</Button>
          </Form>
        </Flex>
      )}
    </Card>
  );
}

function VulnerableList({ mayFlag }: { mayFlag: boolean }) {
  const { t } = useTranslation('linkage');
  const list = useVulnerable();
  const unflag = useUnflagHousehold();
  const { message } = App.useApp();
  const errorText = useErrorText();
  return (
    <Card size="small" title={t('vulnerable.title')}>
      {mayFlag && <FlagForm />}
      <List size="small" dataSource={list.data?.items ?? []} loading={list.isLoading} locale={{ emptyText: t('vulnerable.empty') }}
        renderItem={(v) => (
          <List.Item actions={mayFlag ? [<Button key="x" size="small" type="link" danger onClick={() => unflag.mutate(v.householdId, { onError: (e) => void message.error(errorText(e)) })}>{t('vulnerable.unflag')}</Button>] : []}>
            <List.Item.Meta title={`${v.address} · ${v.holderName}`} description={`${t(`vulnerable.reasons.${v.reason}`)} · ${v.consentNote} · ${t('vulnerable.flaggedBy')} ${v.flaggedBy}`} />
          </List.Item>
        )} />
    </Card>
  );
}

function FlagForm() {
  const { t } = useTranslation('linkage');
  const [form] = Form.useForm<FlagHousehold>();
  const flag = useFlagHousehold();
  const apply = useApplyFieldErrors();
  const { message } = App.useApp();
  const errorText = useErrorText();
  return (
    <Form form={form} layout="vertical" initialValues={{ reason: 'elderly_alone' }} style={{ marginBottom: 12 }}
      onFinish={(v) => flag.mutate({ ...v, ...(v.contactPhone ? {} : { contactPhone: undefined }) }, {
        onSuccess: () => form.resetFields(),
        onError: (e) => {
          const rest = e instanceof ApiError ? apply(form, e) : [];
          if (!(e instanceof ApiError) || rest.length || !e.fieldProblems.length) void message.error(errorText(e));
        },
      })}>
      <Form.Item name="householdId" label={t('vulnerable.household')} rules={[{ required: true }]}><HouseholdPicker /></Form.Item>
      <Form.Item name="reason" label={t('vulnerable.reason')} rules={[{ required: true }]}>
        <Select options={VULNERABILITY_REASONS.map((r) => ({ value: r, label: t(`vulnerable.reasons.${r}`) }))} />
      </Form.Item>
      <Form.Item name="consentNote" label={t('vulnerable.consentNote')} rules={[{ required: true, whitespace: true }]}><Input maxLength={200} /></Form.Item>
      <Form.Item name="contactPhone" label={t('vulnerable.contactPhone')}><Input inputMode="tel" maxLength={20} /></Form.Item>
      <Form.Item name="note" label={t('vulnerable.note')}><Input maxLength={500} /></Form.Item>
      <Button type="primary" htmlType="submit" block loading={flag.isPending}>{t('vulnerable.flag')}</Button>
    </Form>
  );
}
