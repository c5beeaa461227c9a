import { useMemo } from 'react';
import { use } from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { PERIOD_MEASURES, type PeriodMetrics } from '../../../server/modules/linkage/emergency.contract.ts';
import { EChart } from '../../ui/EChart.tsx';

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent]);

/**
 * Median beside p90 for each step: the median says how fast it usually goes, the p90 how long
 * the unlucky tenth waited — "第一时间" is a promise about the tail, not the middle.
 */
export function PeriodMetricsChart({ metrics }: { metrics: PeriodMetrics }) {
  const { t } = useTranslation('linkage');
  const { token } = theme.useToken();
  const option = useMemo(() => ({
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: PERIOD_MEASURES.map((m) => t(`period.measures.${m}`)) },
    yAxis: { type: 'value', name: t('period.minutes') },
    series: [
      { name: t('period.median'), type: 'bar', color: token.colorPrimary, data: PERIOD_MEASURES.map((m) => metrics.measures[m].medianMinutes) },
      { name: t('period.p90'), type: 'bar', color: token.colorWarning, data: PERIOD_MEASURES.map((m) => metrics.measures[m].p90Minutes) },
    ],
  }), [metrics, t, token]);
  return <EChart option={option} height={260} ariaLabel={t('period.chartAria')} />;
}

/** Requests per day of the period: a surge shows why the tail grew. */
export function PeriodDaysChart({ metrics }: { metrics: PeriodMetrics }) {
  const { t } = useTranslation('linkage');
  const { token } = theme.useToken();
  const option = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: metrics.perDay.map((d) => d.date.slice(5)) },
    yAxis: { type: 'value', minInterval: 1, name: t('period.requests') },
    series: [{ name: t('period.requests'), type: 'line', color: token.colorInfo, areaStyle: {}, data: metrics.perDay.map((d) => d.requests) }],
  }), [metrics, t, token]);
  return <EChart option={option} height={180} ariaLabel={t('period.perDayAria')} />;
}
