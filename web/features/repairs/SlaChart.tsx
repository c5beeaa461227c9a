import { useMemo } from 'react';
import { use } from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { CLOCKS } from '../../../server/modules/repairs/repairs.contract.ts';
import type { SlaReport } from '../../../server/modules/repairs/sla-report.contract.ts';
import { EChart } from '../../ui/EChart.tsx';

use([BarChart, GridComponent, LegendComponent, TooltipComponent]);

/**
 * Met and breached per clock over time: one stacked bar per clock and bucket (met below,
 * breached on top), so a day with many reports but few breaches reads differently from a day
 * where the steward fell behind.
 */
export function SlaChart({ report }: { report: SlaReport }) {
  const { t } = useTranslation('repairs');
  const { token } = theme.useToken();
  const option = useMemo(() => {
    const met = [token.colorSuccess, token.colorPrimary, token.colorInfo];
    const breached = [token.colorError, token.colorWarning, token.magenta6 ?? token.colorErrorText];
    const series = CLOCKS.flatMap((clock, i) => [
      {
        name: t('desk.sla.series', { clock: t(`desk.sla.clocks.${clock}`), outcome: t('desk.sla.met') }),
        type: 'bar',
        stack: clock,
        color: met[i],
        data: report.overTime.map((b) => b.clocks[clock].met),
      },
      {
        name: t('desk.sla.series', { clock: t(`desk.sla.clocks.${clock}`), outcome: t('desk.sla.breached') }),
        type: 'bar',
        stack: clock,
        color: breached[i],
        data: report.overTime.map((b) => b.clocks[clock].breached),
      },
    ]);
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: report.overTime.map((b) => b.bucket.slice(5)) },
      yAxis: { type: 'value', minInterval: 1, name: t('desk.sla.requests') },
      series,
    };
  }, [report, t, token]);
  return <EChart option={option} height={320} ariaLabel={t('desk.sla.chartAria')} />;
}
