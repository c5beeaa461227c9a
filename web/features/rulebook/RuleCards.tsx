import { useState } from 'react';
import { Card, Descriptions, Segmented, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  PRIORITIES,
  REQUEST_CATEGORIES,
  SLA_PROFILES,
  type CustomerType,
  type Priority,
  type RequestCategory,
  type Rules,
  type SlaProfile,
  type SlaTarget,
} from '../../../server/modules/rulebook/rulebook.contract.ts';
import { durationParts, yuanFromE4 } from './format.ts';
import { DESCRIPTIONS, Sourced, SourceLine } from './SeasonCards.tsx';

function useDuration() {
  const { t } = useTranslation('rulebook');
  return (minutes: number) => {
    const { unit, count } = durationParts(minutes);
    return t(unit, { count });
  };
}

export function TariffCard({ rules }: { rules: Rules }) {
  const { t } = useTranslation('rulebook');
  const { tariffs, billingArea, suspension, arrears } = rules;
  const rows = (['residential', 'nonResidential'] as CustomerType[]).map((type) => ({ type, ...tariffs[type] }));
  return (
    <Card title={t('tariffs.title')} size="small">
      <Table
        size="small"
        rowKey="type"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t('tariffs.type'), dataIndex: 'type', render: (v: CustomerType) => t(`tariffs.${v}`) },
          { title: t('tariffs.daily'), key: 'daily', align: 'right', render: (_, r) => yuanFromE4(r.dailyPerM2YuanE4) },
          {
            title: t('tariffs.perSeason'),
            key: 'season',
            align: 'right',
            render: (_, r) => yuanFromE4(r.dailyPerM2YuanE4 * rules.season.billedDays),
          },
          { title: t('tariffs.basic'), key: 'basic', align: 'right', render: (_, r) => yuanFromE4(r.metered.basicPerM2SeasonYuanE4) },
          { title: t('tariffs.perKwh'), key: 'kwh', align: 'right', render: (_, r) => yuanFromE4(r.metered.perKwhYuanE4) },
        ]}
      />
      <SourceLine source={tariffs.source} />
      <Descriptions {...DESCRIPTIONS} style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('tariffs.billingArea')}>
          <Sourced source={billingArea.source}>{t('tariffs.billingAreaRule', { percent: billingArea.grossAreaPercent })}</Sourced>
        </Descriptions.Item>
        <Descriptions.Item label={t('tariffs.suspension')}>
          <Sourced source={suspension.source}>{t('percent', { value: suspension.basicFeePercent })}</Sourced>
        </Descriptions.Item>
        <Descriptions.Item label={t('tariffs.arrears')}>
          <Sourced source={arrears.source}>{t('tariffs.arrearsValue', { count: arrears.remindersBeforeValveClose })}</Sourced>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

export function TemperatureCard({ rules }: { rules: Rules }) {
  const { t } = useTranslation('rulebook');
  const { standardC, rooms, source, exemptions, measurement: m, limits, reduction, compliance } = rules.temperature;
  const roomNames = rooms.map((r) => t(`temperature.rooms.${r}`, { defaultValue: r })).join('、');
  return (
    <Card title={t('temperature.title')} size="small">
      <Descriptions {...DESCRIPTIONS}>
        <Descriptions.Item label={t('temperature.standard')}>
          <Sourced source={source}>{t('temperature.standardValue', { value: standardC, rooms: roomNames })}</Sourced>
        </Descriptions.Item>
        <Descriptions.Item label={t('temperature.tiers')}>
          <Sourced source={reduction.source}>
            {reduction.tiers.map((tier) => (
              <div key={tier.belowC}>
                {tier.atLeastC === null
                  ? t('temperature.tierBelow', { high: tier.belowC })
                  : t('temperature.tierRange', { low: tier.atLeastC, high: tier.belowC })}
                {' → '}
                <Typography.Text strong>{t('temperature.tierPercent', { percent: tier.percent })}</Typography.Text>
              </div>
            ))}
            <Typography.Text type="secondary">
              {reduction.basicFeePercentDeducted > 0
                ? t('temperature.basicDeducted', { percent: reduction.basicFeePercentDeducted })
                : t('temperature.noBasicDeducted')}
            </Typography.Text>
          </Sourced>
        </Descriptions.Item>
        <Descriptions.Item label={t('temperature.limits')}>
          <Sourced source={limits.source}>
            <div>{t('temperature.measureWithin', { count: limits.measureWithinHours })}</div>
            <div>{t('temperature.minHoursBelow', { count: limits.minHoursBelow })}</div>
            <div>{t('temperature.excluded', { start: limits.excludedDaysAtStart, end: limits.excludedDaysAtEnd })}</div>
            <div>{t('temperature.settlement', { count: limits.settlementMonthsAfterSeason })}</div>
          </Sourced>
        </Descriptions.Item>
        <Descriptions.Item label={t('temperature.windows')}>
          <Sourced source={compliance.source}>
            <div>{t('temperature.recentDays', { count: compliance.recentDays })}</div>
            <div>{t('temperature.clusterDays', { count: rules.patrols.clusterDays })}</div>
          </Sourced>
        </Descriptions.Item>
        <Descriptions.Item label={t('temperature.exemptions')}>
          <Sourced source={exemptions.source}>
            <div>{t('temperature.designOutdoor', { value: exemptions.designOutdoorC })}</div>
            {exemptions.userFault && <div>{t('temperature.userFault')}</div>}
          </Sourced>
        </Descriptions.Item>
        <Descriptions.Item label={t('temperature.measurement')}>
          <Sourced source={m.source}>
            {t('temperature.measurementValue', {
              height: m.heightM,
              outer: m.outerWallMinM,
              inner: m.innerWallMinM,
              large: m.largeRoomM2,
              points: m.pointsLargeRoom,
              accuracy: m.instrumentAccuracyC,
            })}
          </Sourced>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

interface SlaRow extends SlaTarget {
  key: string;
  category: RequestCategory;
  priority: Priority;
}

export function SlaCard({ rules }: { rules: Rules }) {
  const { t } = useTranslation('rulebook');
  const duration = useDuration();
  const [profile, setProfile] = useState<SlaProfile>('standard');
  const entry = rules.sla.profiles[profile];
  const rows: SlaRow[] = REQUEST_CATEGORIES.flatMap((category) =>
    PRIORITIES.map((priority) => ({ key: `${category}.${priority}`, category, priority, ...entry.targets[category][priority] })),
  );
  const time = (k: keyof SlaTarget) => ({ title: t(`sla.${k === 'firstResponseMinutes' ? 'firstResponse' : k === 'onSiteMinutes' ? 'onSite' : 'resolve'}`), dataIndex: k, align: 'right' as const, render: duration });
  return (
    <Card
      title={t('sla.title')}
      size="small"
      extra={<Segmented<SlaProfile> size="small" value={profile} onChange={setProfile} options={SLA_PROFILES.map((p) => ({ value: p, label: t(`sla.profiles.${p}`) }))} />}
    >
      <Table<SlaRow>
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          {
            title: t('sla.category'),
            dataIndex: 'category',
            render: (c: RequestCategory) => t(`sla.categories.${c}`),
            // One cell per category spanning its normal and urgent rows.
            onCell: (_, i) => ({ rowSpan: (i ?? 0) % 2 === 0 ? 2 : 0 }),
          },
          { title: t('sla.priority'), dataIndex: 'priority', render: (p: Priority) => t(`sla.priorities.${p}`) },
          time('firstResponseMinutes'),
          time('onSiteMinutes'),
          time('resolveMinutes'),
        ]}
      />
      <SourceLine source={entry.source} />
    </Card>
  );
}

export function OtherCard({ rules }: { rules: Rules }) {
  const { t } = useTranslation('rulebook');
  const { outages, tenure } = rules;
  return (
    <Card title={t('other.title')} size="small">
      <Descriptions {...DESCRIPTIONS}>
        <Descriptions.Item label={t('other.outages')}>
          <Sourced source={outages.source}>{t('other.outagesValue', { notify: outages.notifyAtHours, reduce: outages.reduceAtHours })}</Sourced>
        </Descriptions.Item>
        <Descriptions.Item label={t('other.emergencyManager')}>
          <Sourced source={tenure.source}>{t('other.months', { count: tenure.emergencyManagerMaxMonths })}</Sourced>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
