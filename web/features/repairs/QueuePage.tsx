import { useState } from 'react';
import { App, Button, Card, Empty, Flex, Input, Modal, Tag, Typography, theme } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { RequestStatus, RequestSummary } from '../../../server/modules/repairs/repairs.contract.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { useUser } from '../shell/session.ts';
import { SlaProfileTag, StatusTag, useNow, useSpan, when } from './format.tsx';
import { uploadPhoto, useQueue, useRepairsLive, useRequest, useTransition } from './hooks.ts';

/** Steps that need a word from the steward: what was done, or why the job waits. */
const WITH_NOTE: readonly RequestStatus[] = ['resolved', 'waiting'];
/** The buttons a steward sees, in the order of the work; the server's allowed list filters them. */
const STEPS: readonly RequestStatus[] = ['accepted', 'on_site', 'resolved', 'waiting'];

/**
 * A steward's phone queue: the grid's open requests, nearest deadline first (the server's order),
 * late ones in red. Live: a new or changed request of the steward's grids (or one handed to them)
 * arrives over the live stream without a reload.
 */
export default function QueuePage() {
  const { t } = useTranslation('repairs');
  const user = useUser();
  const live = useRepairsLive([`queue:user:${user.id}`, ...user.scopes.filter((s) => s.kind === 'grid').map((s) => `grid:${s.refId}`)]);
  const queue = useQueue();
  const items = queue.data?.items ?? [];
  const now = useNow();
  return (
    <div style={{ maxWidth: 640, marginInline: 'auto' }} data-live={live}>
      <PageHeader title={t('queue.title')} subtitle={t('queue.subtitle')} />
      {queue.isLoading ? (
        <Loading label={t('queue.title')} />
      ) : queue.error ? (
        <ErrorState status="error" title={t('loadFailed')} actions={<Button onClick={() => void queue.refetch()}>{t('retry')}</Button>} />
      ) : items.length === 0 ? (
        <Empty description={t('queue.empty')} />
      ) : (
        <Flex vertical gap={12}>
          {items.map((r) => (
            <QueueCard key={r.id} request={r} now={now} />
          ))}
        </Flex>
      )}
    </div>
  );
}

function QueueCard({ request: r, now }: { request: RequestSummary; now: number }) {
  const { t } = useTranslation('repairs');
  const { token } = theme.useToken();
  const span = useSpan();
  // The detail carries the resident's phone and the allowed steps; refetched only on a change.
  const detail = useRequest(r.id, `${r.status}:${r.assigneeUserId}`).data;
  const [asking, setAsking] = useState<RequestStatus>();
  const left = r.nextDueAt ? new Date(r.nextDueAt).getTime() - now : null;
  const overdue = left !== null && left < 0;
  const allowed = detail?.allowedTransitions ?? [];
  // Back from waiting is the state the job paused from; the server lists it first.
  const steps = r.status === 'waiting' ? allowed.filter((s) => s !== 'cancelled').slice(0, 1) : STEPS.filter((s) => allowed.includes(s));

  return (
    <Card
      data-testid="queue-card"
      size="small"
      style={overdue ? { borderColor: token.colorError, background: token.colorErrorBg } : undefined}
      title={
        <Flex justify="space-between" align="center" gap={8}>
          <span>
            {t(`category.${r.category}`)} · #{r.id}
          </span>
          <StatusTag status={r.status} />
        </Flex>
      }
    >
      <Flex vertical gap={8}>
        <Typography.Text strong style={{ fontSize: token.fontSizeLG }}>
          {r.address}
        </Typography.Text>
        <Flex gap={8} wrap align="center">
          {left === null ? (
            <Tag>{t('queue.paused')}</Tag>
          ) : (
            <Typography.Text type={overdue ? 'danger' : undefined} strong={overdue}>
              {t(overdue ? 'queue.overdue' : 'queue.left', { time: span(left) })}
            </Typography.Text>
          )}
          {/* Standard targets go without saying on a small screen; faster or cold-snap ones are flagged. */}
          {detail && detail.slaProfile !== 'standard' && <SlaProfileTag profile={detail.slaProfile} />}
          {r.escalationLevel > 0 && <Tag color="red">{t('queue.escalated')}</Tag>}
          <Typography.Text type="secondary">{t('queue.reported', { time: when(r.createdAt) })}</Typography.Text>
        </Flex>
        {r.note && <Typography.Paragraph style={{ margin: 0 }}>{r.note}</Typography.Paragraph>}
        {detail?.householdPhone && (
          <Button block size="large" icon={<PhoneOutlined />} href={`tel:${detail.householdPhone}`}>
            {t('queue.callResident', { phone: detail.householdPhone })}
          </Button>
        )}
        <Flex gap={8} wrap>
          {steps.map((s) => (
            <StepButton key={s} id={r.id} to={s} primary={s !== 'waiting'} onAsk={() => setAsking(s)} />
          ))}
        </Flex>
      </Flex>
      {asking && <NoteDialog id={r.id} to={asking} onClose={() => setAsking(undefined)} />}
    </Card>
  );
}

const STEP_LABEL: Partial<Record<RequestStatus, 'queue.accept' | 'queue.onSite' | 'queue.resolve' | 'queue.wait'>> = {
  accepted: 'queue.accept',
  on_site: 'queue.onSite',
  resolved: 'queue.resolve',
  waiting: 'queue.wait',
};

function StepButton({ id, to, primary, onAsk }: { id: number; to: RequestStatus; primary: boolean; onAsk: () => void }) {
  const { t } = useTranslation('repairs');
  const { message } = App.useApp();
  const errorText = useErrorText();
  const transition = useTransition();
  const label = STEP_LABEL[to];
  const go = () => {
    if (WITH_NOTE.includes(to)) return onAsk();
    transition.mutate({ id, to }, { onSuccess: () => void message.success(t('queue.done')), onError: (e) => void message.error(errorText(e)) });
  };
  return (
    <Button size="large" type={primary ? 'primary' : 'default'} loading={transition.isPending} onClick={go} style={{ flex: '1 1 40%' }}>
      {label ? t(label) : t('queue.resume')}
    </Button>
  );
}

function NoteDialog({ id, to, onClose }: { id: number; to: RequestStatus; onClose: () => void }) {
  const { t } = useTranslation('repairs');
  const { message } = App.useApp();
  const errorText = useErrorText();
  const transition = useTransition();
  const [note, setNote] = useState('');
  const [photo, setPhoto] = useState<File>();
  const [uploading, setUploading] = useState(false);
  // The fix photo is saved first: a refused photo (not an image, too large) stops the step, so
  // the steward can pick another without the request moving on.
  const submit = async () => {
    if (photo) {
      setUploading(true);
      try {
        await uploadPhoto(id, 'resolve', photo);
      } catch (e) {
        void message.error(errorText(e));
        return;
      } finally {
        setUploading(false);
      }
    }
    transition.mutate(
      { id, to, ...(note.trim() && { note: note.trim() }) },
      { onSuccess: () => { void message.success(t('queue.done')); onClose(); }, onError: (e) => void message.error(errorText(e)) },
    );
  };
  return (
    <Modal
      open
      title={t(to === 'resolved' ? 'queue.resolve' : 'queue.wait')}
      okText={t('queue.save')}
      cancelText={t('queue.cancel')}
      confirmLoading={transition.isPending || uploading}
      onOk={() => void submit()}
      onCancel={onClose}
    >
      <Input.TextArea
        aria-label={t('queue.note')}
        placeholder={t(to === 'resolved' ? 'queue.resolvePlaceholder' : 'queue.waitPlaceholder')}
        value={note}
        maxLength={1000}
        autoSize={{ minRows: 3 }}
        onChange={(e) => setNote(e.target.value)}
      />
      {to === 'resolved' && (
        <label style={{ display: 'block', marginTop: 12 }}>
          {t('queue.photo')}
          <input
            type="file"
            accept="image/jpeg,image/png,image/webp"
            capture="environment"
            data-testid="resolve-photo"
            style={{ display: 'block', marginTop: 4 }}
            onChange={(e) => setPhoto(e.target.files?.[0])}
          />
        </label>
      )}
    </Modal>
  );
}
