import { App, Button, Card, Checkbox, DatePicker, Flex, Form, Input, List, Select, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { FAQ_TOPICS, type RecordQuestion, type SessionView } from '../../../server/modules/linkage/linkage.contract.ts';
import { ApiError } from '../../api.ts';
import { useApplyFieldErrors } from '../../ui/formErrors.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { useUser } from '../shell/session.ts';
import { useCommunities } from '../steward/hooks.ts';
import { useGroup, useGroups, useMarkHeld, useRecordQuestion, useScheduleSession, useSessions } from './hooks.ts';

const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** 解答会: schedule, notify, mark held, record questions and publish answers to the FAQ. */
export default function QaPage() {
  const { t } = useTranslation('linkage');
  const sessions = useSessions();
  return (
    <>
      <PageHeader title={t('qa.title')} subtitle={t('qa.subtitle')} />
      <Flex vertical gap={16}>
        <ScheduleForm />
        {(sessions.data?.items ?? []).map((s) => <SessionCard key={s.id} session={s} />)}
      </Flex>
    </>
  );
}

function useFormErrors() {
  const { message } = App.useApp();
  const errorText = useErrorText();
  const apply = useApplyFieldErrors();
  return (form: Parameters<typeof apply>[0]) => (e: unknown) => {
    const rest = e instanceof ApiError ? apply(form, e) : [];
    if (!(e instanceof ApiError) || rest.length || !e.fieldProblems.length) void message.error(errorText(e));
  };
}

function ScheduleForm() {
  const { t } = useTranslation('linkage');
  const user = useUser();
  const [form] = Form.useForm<{ communityId: number; place: string; startsAt: Dayjs; staff: string }>();
  const schedule = useScheduleSession();
  const onError = useFormErrors();
  const mine = user.scopes.filter((s) => s.kind === 'community').map((s) => s.refId);
  const communities = useCommunities();
  // A liaison organises in their own community; the office in any.
  const options = (communities.data?.items ?? []).filter((c) => !mine.length || mine.includes(c.id)).map((c) => ({ value: c.id, label: c.name }));
  const community = mine[0];
  return (
    <Card size="small" title={t('qa.schedule')}>
      <Form form={form} layout="inline" initialValues={{ communityId: community }} style={{ rowGap: 8 }}
        onFinish={(v) => schedule.mutate({ communityId: v.communityId, place: v.place, startsAt: v.startsAt.toISOString(), staff: v.staff.split(/[,，、]/).map((s) => s.trim()).filter(Boolean) }, { onSuccess: () => form.resetFields(['place', 'startsAt', 'staff']), onError: onError(form) })}>
        <Form.Item name="communityId" label={t('qa.community')} rules={[{ required: true }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} style={{ width: 200 }} loading={communities.isLoading} options={options} />
        </Form.Item>
        <Form.Item name="place" label={t('qa.place')} rules={[{ required: true }]}><Input maxLength={120} /></Form.Item>
        <Form.Item name="startsAt" label={t('qa.startsAt')} rules={[{ required: true }]}><DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" minDate={dayjs()} /></Form.Item>
        <Form.Item name="staff" label={t('qa.staff')} rules={[{ required: true }]}><Input /></Form.Item>
        <Button type="primary" htmlType="submit" loading={schedule.isPending}>{t('qa.submit')}</Button>
      </Form>
    </Card>
  );
}

function SessionCard({ session: s }: { session: SessionView }) {
  const { t } = useTranslation('linkage');
  const held = useMarkHeld();
  const onError = useFormErrors();
  const { message } = App.useApp();
  const errorText = useErrorText();
  return (
    <Card size="small" data-testid={`qa-session-${s.id}`}
      title={`${s.communityName} · ${s.place} · ${time(s.startsAt)}`}
      extra={s.heldAt ? <Tag color="green">{t('qa.heldAt', { time: time(s.heldAt) })}</Tag> : <Button size="small" loading={held.isPending} onClick={() => held.mutate(s.id, { onError: (e) => void message.error(errorText(e)) })}>{t('qa.held')}</Button>}>
      <Typography.Paragraph type="secondary">
        {s.staff.join('、')}{s.notice && ` · ${t('qa.notice', { n: s.notice.households, sms: s.notice.smsSent, inapp: s.notice.inappSent })}`}
      </Typography.Paragraph>
      <List size="small" header={t('qa.questions')} dataSource={s.questions} renderItem={(q) => (
        <List.Item>
          <Flex vertical>
            <span><Tag>{t(`topic.${q.topic}`)}</Tag><Typography.Text strong>{q.questionZh}</Typography.Text> <Tag color={q.published ? 'green' : 'default'}>{t(q.published ? 'qa.published' : 'qa.draft')}</Tag></span>
            <Typography.Text>{q.answerZh}</Typography.Text>
            {q.followUpDueOn && <Typography.Text type="secondary">{t('qa.followUpDueOn')}：{q.followUpDueOn}</Typography.Text>}
          </Flex>
        </List.Item>
      )} />
      {s.heldAt && <QuestionForm sessionId={s.id} communityId={s.communityId} onError={onError} />}
    </Card>
  );
}

/** Who may follow a question up: the members of the community's linkage group, both sides. */
function useFollowUpPeople(communityId: number) {
  const groups = useGroups();
  const group = useGroup(groups.data?.items.find((g) => g.communityId === communityId)?.id);
  return (group.data?.members ?? []).map((m) => ({ value: m.userId, label: `${m.name}（${m.role}）` }));
}

function QuestionForm({ sessionId, communityId, onError }: { sessionId: number; communityId: number; onError: ReturnType<typeof useFormErrors> }) {
  const { t } = useTranslation('linkage');
  const people = useFollowUpPeople(communityId);
  const [form] = Form.useForm<Omit<RecordQuestion, 'followUpDueOn'> & { followUpDueOn?: Dayjs }>();
  const record = useRecordQuestion(sessionId);
  return (
    <Form form={form} layout="vertical" initialValues={{ topic: 'payment', publish: true }} style={{ marginTop: 12 }}
      onFinish={({ followUpDueOn, followUpUserId, ...v }) => record.mutate(
        { ...v, ...(followUpUserId ? { followUpUserId } : {}), ...(followUpDueOn ? { followUpDueOn: followUpDueOn.format('YYYY-MM-DD') } : {}) },
        { onSuccess: () => form.resetFields(), onError: onError(form) },
      )}>
      <Typography.Text strong>{t('qa.record')}</Typography.Text>
      <Form.Item name="topic" label={t('qa.topic')} rules={[{ required: true }]}>
        <Select options={FAQ_TOPICS.map((k) => ({ value: k, label: t(`topic.${k}`) }))} />
      </Form.Item>
      <Form.Item name="questionZh" label={t('qa.questionZh')} rules={[{ required: true }]}><Input /></Form.Item>
      <Form.Item name="answerZh" label={t('qa.answerZh')} rules={[{ required: true }]}><Input.TextArea rows={2} /></Form.Item>
      <Form.Item name="questionEn" label={t('qa.questionEn')} rules={[{ required: true }]}><Input /></Form.Item>
      <Form.Item name="answerEn" label={t('qa.answerEn')} rules={[{ required: true }]}><Input.TextArea rows={2} /></Form.Item>
      <Flex gap={16} wrap>
        <Form.Item name="followUpUserId" label={t('qa.followUpUserId')}><Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ minWidth: 200 }} options={people} /></Form.Item>
        <Form.Item name="followUpDueOn" label={t('qa.followUpDueOn')}><DatePicker /></Form.Item>
      </Flex>
      <Form.Item name="publish" valuePropName="checked"><Checkbox>{t('qa.publish')}</Checkbox></Form.Item>
      <Button type="primary" htmlType="submit" loading={record.isPending}>{t('qa.record')}</Button>
    </Form>
  );
}
