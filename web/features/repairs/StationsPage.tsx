import { useState } from 'react';
import { Button, Empty, Flex, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useUser } from '../shell/session.ts';
import { useStations } from './desk.hooks.ts';
import { useRepairsLive } from './hooks.ts';
import { useNow } from './format.tsx';
import { IncidentDrawer } from './IncidentDrawer.tsx';
import { StationTileCard } from './StationTileCard.tsx';

/**
 * The incident view by station, "map-like": the supervised stations as tiles, worst first —
 * out now, collecting no-heat reports, recently restored — so a burst from one station is one
 * red tile, not five hundred rows. A tile opens its incidents with the linked requests.
 */
export default function StationsPage() {
  const { t } = useTranslation('repairs');
  const user = useUser();
  // Live: a report or an incident of the crew's grids or the branch redraws the tiles.
  const live = useRepairsLive([
    ...(user.role === 'crew_lead' ? [`lead:user:${user.id}`] : []),
    ...user.scopes.filter((s) => s.kind === 'grid' || s.kind === 'branch').map((s) => `${s.kind}:${s.refId}`),
  ]);
  const stations = useStations();
  const now = useNow();
  const [showQuiet, setShowQuiet] = useState(false);
  const [openId, setOpenId] = useState<number>();
  const items = stations.data?.items ?? [];
  const shown = showQuiet ? items : items.filter((s) => s.state !== 'quiet');
  const open = items.find((s) => s.stationId === openId);
  return (
    <div data-live={live}>
      <PageHeader
        title={t('desk.stations.title')}
        subtitle={t('desk.stations.subtitle', { days: stations.data?.recentDays ?? 7 })}
        extra={
          <Flex gap={8} align="center">
            <Switch checked={showQuiet} onChange={setShowQuiet} aria-label={t('desk.stations.showQuiet')} />
            <Typography.Text>{t('desk.stations.showQuiet')}</Typography.Text>
          </Flex>
        }
      />
      {stations.isLoading ? (
        <Loading label={t('desk.stations.title')} />
      ) : stations.error ? (
        <ErrorState status="error" title={t('loadFailed')} actions={<Button onClick={() => void stations.refetch()}>{t('retry')}</Button>} />
      ) : shown.length === 0 ? (
        <Empty description={t('desk.stations.empty')} />
      ) : (
        <div data-testid="station-tiles" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: 12 }}>
          {shown.map((s) => (
            <StationTileCard key={s.stationId} tile={s} now={now} onOpen={() => setOpenId(s.stationId)} />
          ))}
        </div>
      )}
      <IncidentDrawer tile={open} now={now} onClose={() => setOpenId(undefined)} />
    </div>
  );
}
