import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Card, Col, DatePicker, Flex, Row, Segmented, Select, Skeleton, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { CLOCKS } from '../../../server/modules/repairs/repairs.contract.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { useSlaReport } from './desk.hooks.ts';
import { SlaChart } from './SlaChart.tsx';
import { SlaTable } from './SlaTable.tsx';

const DAY = 'YYYY-MM-DD';

/**
 * The branch SLA dashboard: met and breached per clock over time (stacked bars), per grid and
 * per category, and closed beside fixed. The filters live in the URL, so a link shows the
 * same view; the definitions are spelled out on the page, as the numbers are only as honest
 * as what they count.
 */
export default function SlaDashboardPage() {
  const { t } = useTranslation('repairs');
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? dayjs().subtract(13, 'day').format(DAY);
  const to = params.get('to') ?? dayjs().format(DAY);
  const bucket = params.get('bucket') === 'week' ? 'week' : 'day';
  const gridId = Number(params.get('grid')) || undefined;
  const report = useSlaReport({ from, to, bucket, ...(gridId && { gridId }) });
  // The grid choices come from the unfiltered report and are kept while one grid is shown.
  const [grids, setGrids] = useState<{ value: number; label: string }[]>([]);
  if (!gridId && report.data && report.data.byGrid.length !== grids.length) {
    setGrids(report.data.byGrid.map((g) => ({ value: g.gridId, label: g.gridCode })));
  }
  const set = (next: Record<string, string | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) if (v) p.set(k, v); else p.delete(k);
    setParams(p, { replace: true });
  };
  const data = report.data;
  const pct = (r: number | null) => (r === null ? '–' : `${(r * 100).toFixed(1)}%`);

  return (
    <div>
      <PageHeader
        title={t('desk.sla.title')}
        subtitle={t('desk.sla.subtitle')}
        extra={
          <>
            <DatePicker.RangePicker
              aria-label={t('desk.sla.range')}
              allowClear={false}
              value={[dayjs(from), dayjs(to)]}
              onChange={(v) => v?.[0] && v[1] && set({ from: v[0].format(DAY), to: v[1].format(DAY) })}
            />
            <Segmented
              aria-label={t('desk.sla.bucket')}
              value={bucket}
              options={[{ value: 'day', label: t('desk.sla.day') }, { value: 'week', label: t('desk.sla.week') }]}
              onChange={(v) => set({ bucket: v === 'week' ? 'week' : undefined })}
            />
            <Select<number>
              aria-label={t('desk.sla.grid')}
              style={{ minWidth: 140 }}
              allowClear
              placeholder={t('desk.sla.allGrids')}
              value={gridId}
              options={grids}
              onChange={(v) => set({ grid: v ? String(v) : undefined })}
            />
          </>
        }
      />
      {report.error && <Alert type="error" showIcon title={errorText(report.error)} style={{ marginBottom: 16 }} />}
      {!data ? (
        report.isLoading && <Skeleton active />
      ) : (
        <Flex vertical gap={16}>
          <Row gutter={[12, 12]} data-testid="sla-totals">
            <Col xs={12} md={4}>
              <Card size="small"><Statistic title={t('desk.sla.requests')} value={data.total.requests} /></Card>
            </Col>
            {CLOCKS.map((clock) => (
              <Col xs={12} md={4} key={clock}>
                <Card size="small">
                  <Statistic
                    title={`${t(`desk.sla.clocks.${clock}`)} · ${t('desk.sla.breached')}`}
                    value={data.total.clocks[clock].breached}
                    styles={{ content: data.total.clocks[clock].breached ? { color: 'var(--ant-color-error)' } : {} }}
                    suffix={<Typography.Text type="secondary" style={{ fontSize: 14 }}>/ {data.total.clocks[clock].met + data.total.clocks[clock].breached}</Typography.Text>}
                  />
                </Card>
              </Col>
            ))}
            <Col xs={12} md={4}>
              <Card size="small">
                <Statistic title={`${t('desk.sla.fixed')} / ${t('desk.sla.closed')}`} value={data.total.fixed} suffix={`/ ${data.total.closed}`} />
              </Card>
            </Col>
            <Col xs={12} md={4}>
              <Card size="small"><Statistic title={t('desk.sla.reopenRate')} value={pct(data.total.reopenRate)} /></Card>
            </Col>
          </Row>
          <Card size="small" title={t('desk.sla.overTime')}>
            <SlaChart report={data} />
          </Card>
          <Card size="small" title={t('desk.sla.byGrid')}>
            <SlaTable
              testId="sla-by-grid"
              labelTitle={t('desk.sla.grid')}
              total={data.total}
              rows={data.byGrid.map((g) => ({ ...g, key: String(g.gridId), label: g.gridCode }))}
            />
          </Card>
          <Card size="small" title={t('desk.sla.byCategory')}>
            <SlaTable
              testId="sla-by-category"
              labelTitle={t('desk.sla.category')}
              total={data.total}
              rows={data.byCategory.map((c) => ({ ...c, key: c.category, label: t(`category.${c.category}`) }))}
            />
          </Card>
          <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
            {t('desk.sla.definitions')}
          </Typography.Paragraph>
        </Flex>
      )}
    </div>
  );
}
