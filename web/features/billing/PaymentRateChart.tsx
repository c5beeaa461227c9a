import { useMemo } from 'react';
import { use } from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PaymentRateView } from '../../../server/modules/billing/online.contract.ts';
import { EChart } from '../../ui/EChart.tsx';

use([BarChart, GridComponent, TooltipComponent]);

/** One bar per compound (rate in %), vacuum compounds in the warning colour so they stand out. */
export function PaymentRateChart({ view }: { view: PaymentRateView }) {
  const { t } = useTranslation('billing');
  const { token } = theme.useToken();
  const option = useMemo(() => ({
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v}%` },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: view.compounds.map((c) => (c.vacuum ? `${c.compoundName}（${t('rate.vacuum')}）` : c.compoundName)), axisLabel: { interval: 0, rotate: view.compounds.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', max: 100, name: `${t('rate.rate')} %` },
    series: [{
      type: 'bar',
      name: t('rate.rate'),
      label: { show: true, position: 'top', formatter: '{c}%' },
      data: view.compounds.map((c) => ({
        value: c.rate === null ? 0 : Math.round(c.rate * 1000) / 10,
        itemStyle: { color: c.vacuum ? token.colorWarning : token.colorPrimary },
      })),
    }],
  }), [view, t, token]);
  return <EChart option={option} height={340} ariaLabel={t('rate.chart')} />;
}
