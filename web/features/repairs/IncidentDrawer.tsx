import { useState } from 'react';
import { App, Button, Descriptions, Drawer, Popconfirm, Segmented, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RequestSummary } from '../../../server/modules/repairs/repairs.contract.ts';
import type { StationTile } from '../../../server/modules/repairs/stations.contract.ts';
import { Loading } from '../../ui/Loading.tsx';
import { useNarrowScreen } from '../../ui/useNarrowScreen.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useIncident } from './desk.hooks.ts';
import { StatusTag, useSpan, when } from './format.tsx';
import { useResolveIncident } from './hooks.ts';

/** A station's incidents: the outage's start and end, every linked request, and "fixed, close all". */
export function IncidentDrawer({ tile, now, onClose }: { tile: StationTile | undefined; now: number; onClose: () => void }) {
  const { t } = useTranslation('repairs');
  const narrow = useNarrowScreen();
  const [picked, setPicked] = useState<number>();
  const incidentId = tile && (tile.incidents.find((i) => i.id === picked) ?? tile.incidents[0])?.id;
  return (
    <Drawer
      open={tile !== undefined}
      onClose={() => { setPicked(undefined); onClose(); }}
      size={narrow ? '100%' : 720}
      title={tile && `${tile.name} · ${tile.code}`}
    >
      {tile && tile.incidents.length > 1 && (
        <Segmented
          style={{ marginBottom: 16 }}
          value={incidentId}
          onChange={(v) => setPicked(Number(v))}
          options={tile.incidents.map((i) => ({ value: i.id, label: `#${i.id} ${t(`board.incidentStatus.${i.status}`)}` }))}
        />
      )}
      {incidentId !== undefined && <IncidentBody id={incidentId} now={now} />}
    </Drawer>
  );
}

function IncidentBody({ id, now }: { id: number; now: number }) {
  const { t } = useTranslation('repairs');
  const { message } = App.useApp();
  const errorText = useErrorText();
  const span = useSpan();
  const incident = useIncident(id);
  const resolve = useResolveIncident();
  const i = incident.data;
  if (!i) return <Loading label={t('desk.stations.incident', { id })} />;
  const end = i.resolvedAt ? new Date(i.resolvedAt).getTime() : now;
  return (
    <div data-testid="incident-detail">
      <Descriptions size="small" column={1} bordered title={t('desk.stations.incident', { id: i.id })} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('board.status')}>
          <Tag color={i.status === 'open' ? 'red' : 'green'}>{t(`board.incidentStatus.${i.status}`)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('board.place')}>
          {i.scope === 'station' ? t('desk.stations.scope.station') : t('desk.stations.scope.building', { name: i.buildingName ?? `#${i.buildingId}` })}
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.stations.outageStart')}>{when(i.startedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('desk.stations.outageEnd')}>{i.resolvedAt ? when(i.resolvedAt) : '–'}</Descriptions.Item>
        <Descriptions.Item label={t('board.linked')}>
          {i.linkedRequests} · {t(i.resolvedAt ? 'desk.stations.lasted' : 'desk.stations.duration', { time: span(end - new Date(i.startedAt).getTime()) })}
        </Descriptions.Item>
      </Descriptions>
      {i.canResolve && (
        <Popconfirm
          title={t('board.resolveConfirm')}
          onConfirm={() =>
            resolve.mutateAsync(i.id).then(
              () => void message.success(t('desk.stations.resolved')),
              (e: unknown) => void message.error(errorText(e)),
            )
          }
        >
          <Button type="primary" danger size="large" loading={resolve.isPending} style={{ marginBottom: 16 }}>
            {t('board.resolve')}
          </Button>
        </Popconfirm>
      )}
      <Typography.Title level={5}>{t('desk.stations.linkedList')}</Typography.Title>
      {i.linked.length < i.linkedRequests && (
        <Typography.Text type="secondary">{t('desk.stations.shownOf', { shown: i.linked.length, total: i.linkedRequests })}</Typography.Text>
      )}
      <Table<RequestSummary>
        rowKey="id"
        size="small"
        dataSource={i.linked}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 560 }}
        columns={[
          { title: '#', dataIndex: 'id', width: 70 },
          { title: t('board.address'), dataIndex: 'address' },
          { title: t('board.status'), dataIndex: 'status', render: (s: RequestSummary['status']) => <StatusTag status={s} /> },
          { title: t('board.assignee'), dataIndex: 'assigneeName' },
          { title: t('board.started'), dataIndex: 'createdAt', render: (d: string) => when(d) },
        ]}
      />
    </div>
  );
}
