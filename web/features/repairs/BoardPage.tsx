import { App, Button, Card, Flex, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { IncidentView, RequestSummary } from '../../../server/modules/repairs/repairs.contract.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { useUser } from '../shell/session.ts';
import { StatusTag, useNow, useSpan, when } from './format.tsx';
import { useBoard, useGridStaff, useIncidents, useReassign, useRepairsLive, useResolveIncident } from './hooks.ts';

/** The crew lead's desk view: late and escalated work to redistribute, and outages to close. */
export default function BoardPage() {
  const { t } = useTranslation('repairs');
  const user = useUser();
  // Live: the crew lead's crew (lead:user), and the grids and branches of the account's scope.
  const live = useRepairsLive([
    ...(user.role === 'crew_lead' ? [`lead:user:${user.id}`] : []),
    ...user.scopes.filter((s) => s.kind === 'grid' || s.kind === 'branch').map((s) => `${s.kind}:${s.refId}`),
  ]);
  const board = useBoard();
  const incidents = useIncidents();
  const span = useSpan();
  const now = useNow();
  const columns = [
    { title: '#', dataIndex: 'id', width: 70 },
    { title: t('board.address'), dataIndex: 'address' },
    { title: t('board.category'), dataIndex: 'category', render: (c: RequestSummary['category']) => t(`category.${c}`) },
    { title: t('board.status'), dataIndex: 'status', render: (s: RequestSummary['status']) => <StatusTag status={s} /> },
    { title: t('board.assignee'), dataIndex: 'assigneeName' },
    {
      title: t('board.level'),
      dataIndex: 'escalationLevel',
      render: (l: number) => (l > 0 ? <Tag color="red">{l}</Tag> : '–'),
    },
    {
      title: t('board.due'),
      dataIndex: 'nextDueAt',
      render: (d: string | null) => {
        if (!d) return '–';
        const left = new Date(d).getTime() - now;
        return (
          <Typography.Text type={left < 0 ? 'danger' : undefined}>
            {when(d)} · {t(left < 0 ? 'queue.overdue' : 'queue.left', { time: span(left) })}
          </Typography.Text>
        );
      },
    },
    { title: t('board.reassign'), key: 'reassign', width: 200, render: (_: unknown, r: RequestSummary) => <ReassignSelect request={r} /> },
  ];
  return (
    <div data-live={live}>
      <PageHeader title={t('board.title')} subtitle={t('board.subtitle')} />
      <Flex vertical gap={16}>
        <Card title={t('board.work')} size="small">
          <Table<RequestSummary>
            data-testid="board-table"
            rowKey="id"
            size="middle"
            loading={board.isLoading}
            dataSource={board.data?.items ?? []}
            columns={columns}
            pagination={false}
            scroll={{ x: 900 }}
            locale={{ emptyText: t('board.empty') }}
          />
        </Card>
        <Card title={t('board.incidents')} size="small">
          <IncidentTable items={incidents.data?.items ?? []} loading={incidents.isLoading} />
        </Card>
      </Flex>
    </div>
  );
}

/** Whom to hand a request to: the grid's current steward and deputy, or the crew lead. */
function ReassignSelect({ request }: { request: RequestSummary }) {
  const { t } = useTranslation('repairs');
  const { message } = App.useApp();
  const errorText = useErrorText();
  const me = useUser();
  const staff = useGridStaff(request.gridId);
  const reassign = useReassign();
  const current = staff.data?.items.find((a) => a.validTo === null);
  const people = new Map<number, string>();
  if (current) {
    people.set(current.stewardUserId, current.stewardName);
    if (current.deputyUserId !== null) people.set(current.deputyUserId, current.deputyName ?? '');
  }
  people.set(me.id, `${me.name}（${t('board.me')}）`);
  people.delete(request.assigneeUserId);
  return (
    <Select<number>
      aria-label={t('board.reassign')}
      placeholder={t('board.reassignTo')}
      style={{ width: '100%' }}
      loading={staff.isLoading || reassign.isPending}
      value={null}
      options={[...people].map(([value, label]) => ({ value, label }))}
      onChange={(userId) =>
        reassign.mutate(
          { id: request.id, userId },
          { onSuccess: () => void message.success(t('board.reassigned')), onError: (e) => void message.error(errorText(e)) },
        )
      }
    />
  );
}

function IncidentTable({ items, loading }: { items: IncidentView[]; loading: boolean }) {
  const { t } = useTranslation('repairs');
  const { message } = App.useApp();
  const errorText = useErrorText();
  const resolve = useResolveIncident();
  return (
    <Table<IncidentView>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={items}
      pagination={false}
      locale={{ emptyText: t('board.noIncidents') }}
      columns={[
        { title: '#', dataIndex: 'id', width: 70 },
        { title: t('board.place'), key: 'scope', render: (_, i) => t(`board.scope.${i.scope}`, { id: i.stationId ?? i.buildingId }) },
        { title: t('board.started'), dataIndex: 'startedAt', render: (d: string) => when(d) },
        { title: t('board.linked'), dataIndex: 'linkedRequests' },
        { title: t('board.status'), dataIndex: 'status', render: (s: IncidentView['status']) => <Tag color={s === 'open' ? 'red' : 'green'}>{t(`board.incidentStatus.${s}`)}</Tag> },
        {
          key: 'resolve',
          render: (_, i) =>
            i.status === 'open' && (
              <Popconfirm
                title={t('board.resolveConfirm')}
                onConfirm={() => resolve.mutateAsync(i.id).then(() => undefined, (e: unknown) => void message.error(errorText(e)))}
              >
                <Button type="primary" loading={resolve.isPending && resolve.variables === i.id}>
                  {t('board.resolve')}
                </Button>
              </Popconfirm>
            ),
        },
      ]}
    />
  );
}
