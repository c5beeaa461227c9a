import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, Card, Col, Flex, Row, Select, Statistic, Table, Tag, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ForecastItem, VacuumNowItem } from '../../../server/modules/tenure/tenure.contract.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { useDashboard } from './hooks.ts';
import { TenuresDrawer } from './TenuresDrawer.tsx';
import { VacuumChart } from './VacuumChart.tsx';

const HORIZONS = [30, 60, 90, 180] as const;
const area = (m2: number) => m2.toLocaleString(undefined, { maximumFractionDigits: 0 });

interface Totals {
  compounds: number;
  households: number;
  grossAreaM2: number;
}

function TotalsCard({ title, totals, tone }: { title: string; totals: Totals; tone: 'error' | 'warning' }) {
  const { t } = useTranslation('tenure');
  const { token } = theme.useToken();
  const color = tone === 'error' ? token.colorError : token.colorWarning;
  return (
    <Card size="small" title={<Typography.Text style={{ color }}>{title}</Typography.Text>}>
      <Flex wrap gap={24}>
        <Statistic title={t('dashboard.compounds')} value={totals.compounds} />
        <Statistic title={t('dashboard.households')} value={totals.households} />
        <Statistic title={t('dashboard.area')} value={area(totals.grossAreaM2)} />
      </Flex>
    </Card>
  );
}

/**
 * The branch's management-vacuum picture (issue 3, item 4): compounds with nobody between the
 * heating company and the residents today, and those about to be, with what they weigh in
 * households and area. The look-ahead lives in the URL so a shared link shows the same list.
 */
export default function DashboardPage() {
  const { t } = useTranslation('tenure');
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const within = Number(params.get('within')) || 60;
  const dashboard = useDashboard(within);
  const [compound, setCompound] = useState<{ id: number; name: string }>();
  const tenuresButton = (row: { compoundId: number; compoundName: string }) => (
    <Button type="link" size="small" onClick={() => setCompound({ id: row.compoundId, name: row.compoundName })}>
      {t('dashboard.tenures')}
    </Button>
  );
  const common = {
    households: { title: t('dashboard.columns.households'), dataIndex: 'households', align: 'right' as const },
    area: { title: t('dashboard.columns.area'), dataIndex: 'grossAreaM2', align: 'right' as const, render: area },
    actions: { title: t('dashboard.columns.actions'), key: 'actions', render: tenuresButton },
  };

  return (
    <>
      <PageHeader
        title={t('dashboard.title')}
        subtitle={t('dashboard.subtitle', { days: within })}
        extra={
          <Select
            aria-label={t('dashboard.within')}
            value={within}
            style={{ width: 140 }}
            onChange={(v) => setParams(v === 60 ? {} : { within: String(v) }, { replace: true })}
            options={HORIZONS.map((d) => ({ value: d, label: t('dashboard.withinDays', { count: d }) }))}
          />
        }
      />
      {dashboard.isPending && <Loading label={t('dashboard.title')} />}
      {dashboard.isError && <ErrorState status="error" title={errorText(dashboard.error)} />}
      {dashboard.data?.branches.length === 0 && <Typography.Text>{t('dashboard.noBranches')}</Typography.Text>}
      {dashboard.data?.branches.map((b) => (
        <section key={b.branchId} style={{ marginBottom: 32 }}>
          <Typography.Title level={4}>{t('dashboard.branchToday', { branch: b.branchName, today: b.today })}</Typography.Title>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            <Col xs={24} md={12}>
              <TotalsCard title={t('dashboard.inVacuum')} totals={b.inVacuum.totals} tone="error" />
            </Col>
            <Col xs={24} md={12}>
              <TotalsCard title={t('dashboard.atRisk')} totals={b.atRisk.totals} tone="warning" />
            </Col>
          </Row>
          <Card size="small" title={t('dashboard.chartTitle')} style={{ marginBottom: 12 }}>
            <VacuumChart branch={b} />
          </Card>
          <Card size="small" title={t('dashboard.inVacuum')} style={{ marginBottom: 12 }}>
            <Table<VacuumNowItem>
              size="small"
              rowKey="compoundId"
              pagination={false}
              dataSource={b.inVacuum.items}
              locale={{ emptyText: t('dashboard.empty') }}
              scroll={{ x: 720 }}
              columns={[
                { title: t('dashboard.columns.compound'), dataIndex: 'compoundName' },
                { title: t('dashboard.columns.reason'), dataIndex: 'reason', render: (r: VacuumNowItem['reason']) => <Tag color="red">{t(`reason.${r}`)}</Tag> },
                { title: t('dashboard.columns.since'), dataIndex: 'since', render: (d: string | null) => d ?? '—' },
                { title: t('dashboard.columns.until'), dataIndex: 'until', render: (d: string | null) => d ?? t('dashboard.none') },
                common.households,
                common.area,
                common.actions,
              ]}
            />
          </Card>
          <Card size="small" title={t('dashboard.atRisk')}>
            <Table<ForecastItem>
              size="small"
              rowKey="tenureId"
              pagination={false}
              dataSource={b.atRisk.items}
              locale={{ emptyText: t('dashboard.empty') }}
              scroll={{ x: 900 }}
              columns={[
                { title: t('dashboard.columns.compound'), dataIndex: 'compoundName' },
                { title: t('dashboard.columns.company'), dataIndex: 'propertyCompanyName', render: (n: string | null) => n ?? '—' },
                { title: t('dashboard.columns.endsOn'), dataIndex: 'endsOn' },
                { title: t('dashboard.columns.successor'), dataIndex: 'successorStartsOn', render: (d: string | null) => d ?? t('dashboard.none') },
                { title: t('dashboard.columns.seasonDays'), dataIndex: 'seasonDaysInGap', align: 'right' },
                common.households,
                common.area,
                common.actions,
              ]}
            />
          </Card>
        </section>
      ))}
      <TenuresDrawer compound={compound} onClose={() => setCompound(undefined)} />
    </>
  );
}
