import { useMemo } from 'react';
import { use } from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { Card, Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CompliancePicture, SeasonChart } from '../../../server/modules/temperature/compliance.contract.ts';
import { EChart } from '../../ui/EChart.tsx';

use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent]);

/**
 * The two charts of the compliance picture: the units with the most days below standard, and
 * the season's measured indoor mean beside the outdoor daily mean, with the standard as a line.
 */
export function ComplianceCharts({ picture, season }: { picture: CompliancePicture; season: SeasonChart | undefined }) {
  const { t } = useTranslation('temperature');
  const top = useMemo(() => [...picture.rows].sort((a, b) => b.daysBelowStandard - a.daysBelowStandard).slice(0, 10).reverse(), [picture]);
  const bars = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: top.map((r) => r.name), axisLabel: { width: 120, overflow: 'truncate' } },
      series: [{ type: 'bar', name: t('compliance.days'), data: top.map((r) => r.daysBelowStandard), itemStyle: { color: '#cf1322' } }],
    }),
    [top, t],
  );
  const lines = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 32, containLabel: true },
      xAxis: { type: 'category', data: (season?.days ?? []).map((d) => d.day.slice(5)) },
      yAxis: { type: 'value', name: '°C' },
      series: [
        {
          type: 'line', name: t('compliance.indoor'), connectNulls: true, data: (season?.days ?? []).map((d) => d.indoorMeanC), itemStyle: { color: '#cf1322' },
          markLine: { symbol: 'none', data: [{ yAxis: season?.standardC ?? 18, name: t('compliance.standardLine', { c: season?.standardC ?? 18 }) }], label: { formatter: t('compliance.standardLine', { c: season?.standardC ?? 18 }) } },
        },
        { type: 'line', name: t('compliance.outdoorMean'), connectNulls: true, data: (season?.days ?? []).map((d) => d.outdoorMeanC), itemStyle: { color: '#1677ff' } },
      ],
    }),
    [season, t],
  );
  return (
    <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('compliance.chartTop')}>
          <EChart option={bars} height={280} ariaLabel={t('compliance.chartTop')} />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('compliance.seasonChart')}>
          <EChart option={lines} height={280} ariaLabel={t('compliance.seasonChart')} />
        </Card>
      </Col>
    </Row>
  );
}
