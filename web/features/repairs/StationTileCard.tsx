import { Card, Flex, Tag, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StationState, StationTile } from '../../../server/modules/repairs/stations.contract.ts';
import { useSpan, when } from './format.tsx';

const TAG_COLOR: Record<StationState, string> = { outage: 'red', reports: 'orange', restored: 'green', quiet: 'default' };

/** One heat-exchange station as a tile: its state at a glance, the outage's size and age. */
export function StationTileCard({ tile, now, onOpen }: { tile: StationTile; now: number; onOpen: () => void }) {
  const { t } = useTranslation('repairs');
  const { token } = theme.useToken();
  const span = useSpan();
  const tone: Record<StationState, { background?: string; borderColor?: string }> = {
    outage: { background: token.colorErrorBg, borderColor: token.colorError },
    reports: { background: token.colorWarningBg, borderColor: token.colorWarning },
    restored: { background: token.colorSuccessBg, borderColor: token.colorSuccessBorder },
    quiet: {},
  };
  const last = tile.incidents[0];
  return (
    <Card
      size="small"
      hoverable={tile.incidents.length > 0}
      onClick={tile.incidents.length > 0 ? onOpen : undefined}
      style={{ ...tone[tile.state], height: '100%' }}
      data-testid="station-tile"
      data-state={tile.state}
      role={tile.incidents.length > 0 ? 'button' : undefined}
      aria-label={`${tile.name} ${t(`desk.stations.state.${tile.state}`)}`}
    >
      <Flex vertical gap={4}>
        <Flex justify="space-between" align="start" gap={8}>
          <Typography.Text strong>{tile.name}</Typography.Text>
          <Tag color={TAG_COLOR[tile.state]} style={{ marginInlineEnd: 0 }}>
            {t(`desk.stations.state.${tile.state}`)}
          </Tag>
        </Flex>
        <Typography.Text type="secondary">{tile.code}</Typography.Text>
        {tile.state === 'outage' && tile.outageSince && (
          <>
            <Typography.Text strong>{t('desk.stations.linked', { n: tile.linkedOpen })}</Typography.Text>
            <Typography.Text>{t('desk.stations.since', { time: when(tile.outageSince) })}</Typography.Text>
            <Typography.Text type="danger">{t('desk.stations.duration', { time: span(now - new Date(tile.outageSince).getTime()) })}</Typography.Text>
          </>
        )}
        {tile.unlinkedReports > 0 && <Typography.Text type="warning">{t('desk.stations.unlinked', { n: tile.unlinkedReports })}</Typography.Text>}
        {tile.state === 'restored' && last?.resolvedAt && (
          <Typography.Text>
            {t('desk.stations.lasted', { time: span(new Date(last.resolvedAt).getTime() - new Date(last.startedAt).getTime()) })} · {when(last.resolvedAt)}
          </Typography.Text>
        )}
      </Flex>
    </Card>
  );
}
