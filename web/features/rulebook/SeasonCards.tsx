import { BookOutlined, InfoCircleOutlined } from '@ant-design/icons';
import { Card, Descriptions, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RulebookView, SeasonView } from '../../../server/modules/rulebook/rulebook.api.contract.ts';
import type { Source } from '../../../server/modules/rulebook/rulebook.contract.ts';

/** Where a rule comes from, shown beside it so an auditor can check the number. */
export function SourceLine({ source }: { source: Source }) {
  const { t } = useTranslation('rulebook');
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} data-testid="rule-source">
      <BookOutlined /> {t('source')}: {source.document} · {source.article}
      {source.note && (
        <Tooltip title={source.note}>
          <InfoCircleOutlined style={{ marginInlineStart: 6 }} aria-label={source.note} />
        </Tooltip>
      )}
    </Typography.Text>
  );
}

/** Descriptions as every card shows them: one column, labels wide enough for a short phrase. */
export const DESCRIPTIONS = { column: 1, size: 'small', bordered: true, styles: { label: { width: 132 } } } as const;

/** A value with its source under it. */
export function Sourced({ children, source }: { children: React.ReactNode; source: Source }) {
  return (
    <div>
      <div>{children}</div>
      <SourceLine source={source} />
    </div>
  );
}

function SeasonLine({ season }: { season: SeasonView }) {
  const { t } = useTranslation('rulebook');
  const delta = season.extendedDays;
  return (
    <Flex vertical gap={2}>
      <span>
        <Typography.Text strong>{season.code}</Typography.Text>{' '}
        <span data-testid={`season-${season.code}`}>{t('season.range', { start: season.start, end: season.end })}</span>{' '}
        {delta > 0 && <Tag color="orange">{t('season.extended', { count: delta })}</Tag>}
        {delta < 0 && <Tag color="blue">{t('season.shortened', { count: -delta })}</Tag>}
      </span>
      <Typography.Text type="secondary">
        {t('season.length', { days: season.days, billed: season.billedDays })}
        {season.override && ` · ${season.override.reason}`}
      </Typography.Text>
    </Flex>
  );
}

const md = (m: { month: number; day: number }) => `${String(m.month).padStart(2, '0')}-${String(m.day).padStart(2, '0')}`;

/** The season in force (with announced extensions) and the fee and change windows. */
export function SeasonCards({ view }: { view: RulebookView }) {
  const { t } = useTranslation('rulebook');
  const { season, collectionWindow, changeWindow } = view.rules;
  return (
    <>
      <Card title={t('season.title')} size="small">
        <Descriptions {...DESCRIPTIONS}>
          <Descriptions.Item label={t('season.current')}>
            {view.season ? <SeasonLine season={view.season} /> : <Typography.Text type="secondary">{t('season.none')}</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label={t('season.next')}>
            <SeasonLine season={view.nextSeason} />
          </Descriptions.Item>
          <Descriptions.Item label={t('season.regularLabel')}>
            <Sourced source={season.source}>{t('season.regular', { start: md(season.start), end: md(season.end) })}</Sourced>
          </Descriptions.Item>
        </Descriptions>
        {season.overrides.length > 0 && (
          <Table
            size="small"
            rowKey="season"
            pagination={false}
            style={{ marginTop: 12 }}
            title={() => t('season.overrides')}
            dataSource={[...season.overrides].reverse()}
            columns={[
              { title: t('season.overrideCols.season'), dataIndex: 'season', width: 90 },
              { title: t('season.overrideCols.start'), dataIndex: 'start', width: 110, render: (v?: string) => v ?? '—' },
              { title: t('season.overrideCols.end'), dataIndex: 'end', width: 110, render: (v?: string) => v ?? '—' },
              { title: t('season.overrideCols.reason'), dataIndex: 'reason' },
            ]}
          />
        )}
      </Card>
      <Card title={t('windows.title')} size="small">
        <Descriptions {...DESCRIPTIONS}>
          <Descriptions.Item label={t('windows.collection')}>
            <Sourced source={collectionWindow.source}>{t('windows.range', collectionWindow)}</Sourced>
          </Descriptions.Item>
          <Descriptions.Item label={t('windows.change')}>
            <Sourced source={changeWindow.source}>{t('windows.range', changeWindow)}</Sourced>
          </Descriptions.Item>
        </Descriptions>
      </Card>
    </>
  );
}
