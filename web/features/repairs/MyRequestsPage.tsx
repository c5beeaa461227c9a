import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, Collapse, Empty, Flex, Input, Rate, Typography } from 'antd';
import { ToolOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { RequestDetail } from '../../../server/modules/repairs/repairs.contract.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { useUser } from '../shell/session.ts';
import { StatusTag, when } from './format.tsx';
import { useMyRequests, useRepairsLive, useRequest, useTransition } from './hooks.ts';
import { RequestView } from './RequestView.tsx';

/** A resident's requests, newest first; the newest is open so its timeline shows at once. */
export default function MyRequestsPage() {
  const { t } = useTranslation('repairs');
  const user = useUser();
  const list = useMyRequests();
  const items = list.data?.items ?? [];
  // A resident follows their households; staff who reported on someone's behalf, each request.
  const households = user.scopes.filter((s) => s.kind === 'household').map((s) => `household:${s.refId}`);
  const live = useRepairsLive(households.length > 0 ? households : items.slice(0, 20).map((r) => `request:${r.id}`));
  return (
    <div style={{ maxWidth: 640, marginInline: 'auto' }} data-live={live}>
      <PageHeader
        title={t('mine.title')}
        extra={
          <Link to="/repairs/new">
            <Button type="primary" size="large" icon={<ToolOutlined />}>
              {t('mine.new')}
            </Button>
          </Link>
        }
      />
      {list.isLoading ? (
        <Loading label={t('mine.title')} />
      ) : list.error ? (
        <ErrorState status="error" title={t('loadFailed')} actions={<Button onClick={() => void list.refetch()}>{t('retry')}</Button>} />
      ) : items.length === 0 ? (
        <Empty description={t('mine.empty')} />
      ) : (
        <Collapse
          defaultActiveKey={[String(items[0]!.id)]}
          items={items.map((r) => ({
            key: String(r.id),
            label: (
              <Flex justify="space-between" gap={8} wrap>
                <Typography.Text strong>
                  {t(`category.${r.category}`)} · #{r.id} · {when(r.createdAt)}
                </Typography.Text>
                <StatusTag status={r.status} />
              </Flex>
            ),
            // Panels render on first open, so only the requests looked at are fetched in full.
            children: <RequestPanel id={r.id} version={`${r.status}:${r.assigneeUserId}`} />,
          }))}
        />
      )}
    </div>
  );
}

function RequestPanel({ id, version }: { id: number; version: string }) {
  const { t } = useTranslation('repairs');
  const detail = useRequest(id, version);
  if (detail.isLoading) return <Loading label={t('detail.number', { id })} />;
  if (!detail.data) return <Alert type="error" message={t('loadFailed')} />;
  return (
    <Flex vertical gap={16}>
      <RequestView request={detail.data} showTitle={false} />
      {detail.data.rating !== null && <Typography.Text>{t('mine.rated', { rating: detail.data.rating })}</Typography.Text>}
      {detail.data.allowedTransitions.includes('confirmed') && <ConfirmOrReopen request={detail.data} />}
    </Flex>
  );
}

/** Closed is not fixed (issue 6 §5): the resident says which, with a rating when it is fixed. */
function ConfirmOrReopen({ request }: { request: RequestDetail }) {
  const { t } = useTranslation('repairs');
  const { message } = App.useApp();
  const errorText = useErrorText();
  const transition = useTransition();
  const [rating, setRating] = useState(5);
  const [note, setNote] = useState('');
  const step = (to: 'confirmed' | 'reopened') =>
    transition.mutate(
      { id: request.id, to, ...(to === 'confirmed' ? { rating } : note.trim() ? { note: note.trim() } : {}) },
      { onSuccess: () => void message.success(t(to === 'confirmed' ? 'mine.confirmed' : 'mine.reopened')) },
    );
  return (
    <Card size="small" style={{ background: 'transparent' }}>
      <Flex vertical gap={12}>
        <Typography.Text strong>{t('mine.askConfirm')}</Typography.Text>
        <Flex align="center" gap={12}>
          <Typography.Text>{t('mine.rating')}</Typography.Text>
          <Rate value={rating} onChange={(v) => setRating(v || 1)} style={{ fontSize: 28 }} />
        </Flex>
        <Button type="primary" size="large" block loading={transition.isPending} onClick={() => step('confirmed')}>
          {t('mine.confirm')}
        </Button>
        <Input.TextArea aria-label={t('mine.reopenNote')} placeholder={t('mine.reopenNote')} value={note} maxLength={1000} autoSize onChange={(e) => setNote(e.target.value)} />
        <Button danger size="large" block loading={transition.isPending} onClick={() => step('reopened')}>
          {t('mine.reopen')}
        </Button>
        {transition.error && <Alert type="error" showIcon message={errorText(transition.error)} />}
      </Flex>
    </Card>
  );
}
