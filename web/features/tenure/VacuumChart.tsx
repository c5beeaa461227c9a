import { useMemo } from 'react';
import { use } from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DashboardView } from '../../../server/modules/tenure/tenure.contract.ts';
import { EChart } from '../../ui/EChart.tsx';

use([BarChart, GridComponent, LegendComponent, TooltipComponent]);

type Branch = DashboardView['branches'][number];

/**
 * Households affected per compound, stacked by state: the ones in vacuum today and the ones
 * about to be. Horizontal bars, so long compound names stay readable.
 */
export function VacuumChart({ branch }: { branch: Branch }) {
  const { t } = useTranslation('tenure');
  const { token } = theme.useToken();
  const option = useMemo(() => {
    const names = [...new Set([...branch.inVacuum.items.map((i) => i.compoundName), ...branch.atRisk.items.map((i) => i.compoundName)])];
    const count = (items: { compoundName: string; households: number }[]) =>
      names.map((n) => items.filter((i) => i.compoundName === n).reduce((s, i) => s + i.households, 0) || null);
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', name: t('dashboard.households') },
      yAxis: { type: 'category', data: names, inverse: true },
      series: [
        { name: t('dashboard.inVacuum'), type: 'bar', stack: 'h', data: count(branch.inVacuum.items), color: token.colorError, label: { show: true, position: 'right' } },
        { name: t('dashboard.atRisk'), type: 'bar', stack: 'h', data: count(branch.atRisk.items), color: token.colorWarning, label: { show: true, position: 'right' } },
      ],
    };
  }, [branch, t, token]);
  const rows = new Set([...branch.inVacuum.items, ...branch.atRisk.items].map((i) => i.compoundId)).size;
  return <EChart option={option} height={Math.max(160, 64 + rows * 40)} ariaLabel={t('dashboard.chartAria')} />;
}
