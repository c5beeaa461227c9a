import { useState } from 'react';
import { Alert, Button, Card, Segmented, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { COMPLIANCE_LEVELS, type ComplianceLevel, type ComplianceRow } from '../../../server/modules/temperature/compliance.contract.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { ComplianceCharts } from './ComplianceCharts.tsx';
import { useCompliance, useSeasonChart } from './hooks.ts';

const COLOUR = { green: 'green', amber: 'orange', red: 'red' } as const;

/**
 * The compliance picture (室温达标情况) per building, compound, station or grid: colour-coded
 * rows (red below standard now, amber complaints waiting), the worst units and the season chart.
 */
export default function CompliancePage() {
  const { t } = useTranslation('temperature');
  const errorText = useErrorText();
  const [level, setLevel] = useState<ComplianceLevel>('compound');
  const picture = useCompliance(level);
  const season = useSeasonChart();
  const p = picture.data;
  if (picture.error) return <ErrorState status="error" title={errorText(picture.error)} actions={<Button onClick={() => void picture.refetch()}>{t('retry')}</Button>} />;
  return (
    <div>
      <PageHeader
        title={t('compliance.title')}
        subtitle={p && t('compliance.subtitle', { days: p.recentDays, season: p.season })}
        extra={<Segmented<ComplianceLevel> aria-label={t('compliance.level')} value={level} onChange={setLevel} options={COMPLIANCE_LEVELS.map((l) => ({ value: l, label: t(`compliance.levels.${l}`) }))} />}
      />
      {p && <Alert type="info" title={t('compliance.totals', { households: p.totals.households, complaints: p.totals.openComplaints, periods: p.totals.openPeriods, days: p.totals.daysBelowStandard })} style={{ marginBottom: 12 }} />}
      <Card size="small">
        <Table<ComplianceRow>
          size="small"
          rowKey="unitId"
          loading={picture.isPending}
          dataSource={p?.rows ?? []}
          scroll={{ x: 760 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: '', dataIndex: 'colour', width: 96, render: (c: ComplianceRow['colour']) => <Tag color={COLOUR[c]}>{t(`compliance.colour.${c}`)}</Tag> },
            { title: t(`compliance.levels.${level}`), dataIndex: 'name' },
            { title: t('compliance.households'), dataIndex: 'households', align: 'right' },
            { title: t('compliance.readings'), dataIndex: 'recentReadings', align: 'right' },
            { title: t('compliance.mean'), dataIndex: 'recentMeanC', align: 'right', render: (c: number | null) => (c === null ? '—' : `${c} °C`) },
            { title: t('compliance.min'), dataIndex: 'recentMinC', align: 'right', render: (c: number | null) => (c === null ? '—' : `${c} °C`) },
            { title: t('compliance.complaints'), dataIndex: 'openComplaints', align: 'right', render: (n: number, r) => (r.overdueComplaints ? <span>{n} <Tag color="red">{t('compliance.overdue')} {r.overdueComplaints}</Tag></span> : n) },
            { title: t('compliance.periods'), dataIndex: 'openPeriods', align: 'right' },
            { title: t('compliance.days'), dataIndex: 'daysBelowStandard', align: 'right' },
          ]}
        />
      </Card>
      {p && <ComplianceCharts picture={p} season={season.data} />}
    </div>
  );
}
