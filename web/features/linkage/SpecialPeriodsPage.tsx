import { App, Button, Card, DatePicker, Empty, Flex, Form, Input, Select, Statistic, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { PERIOD_MEASURES, type MeasureFigures, type PeriodView } from '../../../server/modules/linkage/emergency.contract.ts';
import { ApiError } from '../../api.ts';
import { useApplyFieldErrors, useProblemText } from '../../ui/formErrors.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { RowButton, SelectableTable } from '../../ui/SelectableTable.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { useCommunities, useCompounds } from '../steward/hooks.ts';
import { useDeclarePeriod, useEndPeriod, usePeriodMetrics, usePeriods } from './emergency.hooks.ts';
import { PeriodDaysChart, PeriodMetricsChart } from './PeriodMetricsChart.tsx';

const STATE_COLOUR = { upcoming: 'blue', active: 'red', ended: 'default' } as const;

/** 特殊时期: declare for a compound or a community, end early, and see its timeliness. */
export default function SpecialPeriodsPage() {
  const { t } = useTranslation('linkage');
  const periods = usePeriods();
  const end = useEndPeriod();
  const { message } = App.useApp();
  const errorText = useErrorText();
  return (
    <>
      <PageHeader title={t('period.title')} subtitle={t('period.subtitle')} />
      <Flex vertical gap={16}>
        <DeclareForm />
        <SelectableTable<PeriodView>
          data-testid="special-periods"
          loading={periods.isLoading}
          items={periods.data?.items ?? []}
          // The period under way is what the office watches; otherwise the newest.
          initial={(items) => items.find((p) => p.state === 'active') ?? items[0]}
          detail={(id) => <Metrics id={id} />}
          scroll={{ x: 720 }}
          locale={{ emptyText: t('period.empty') }}
          columns={[
            { title: t('period.place'), render: (_, p) => `${p.placeKind === 'community' ? t('period.community') : ''}${p.placeName}` },
            { title: t('period.range'), render: (_, p) => `${p.startsOn} – ${p.endsOn}` },
            { title: t('period.reason'), dataIndex: 'reason' },
            { title: '', dataIndex: 'state', render: (s: PeriodView['state']) => <Tag color={STATE_COLOUR[s]}>{t(`period.state.${s}`)}</Tag> },
            {
              title: '',
              render: (_, p) => p.state !== 'ended' && (
                <RowButton danger loading={end.isPending && end.variables?.id === p.id}
                  onClick={() => end.mutate({ id: p.id }, { onError: (err) => void message.error(errorText(err)) })}>
                  {t('period.end')}
                </RowButton>
              ),
            },
          ]}
        />
      </Flex>
    </>
  );
}

function DeclareForm() {
  const { t } = useTranslation('linkage');
  const [form] = Form.useForm<{ communityId: number; compoundId?: number; dates?: [Dayjs, Dayjs]; reason: string }>();
  const communityId = Form.useWatch('communityId', form);
  const communities = useCommunities();
  const compounds = useCompounds(communityId);
  const declare = useDeclarePeriod();
  const problemText = useProblemText();
  const apply = useApplyFieldErrors();
  const { message } = App.useApp();
  const errorText = useErrorText();
  return (
    <Card size="small" title={t('period.declare')}>
      <Form form={form} layout="inline" style={{ rowGap: 8 }}
        onFinish={({ communityId: community, compoundId, dates, reason }) => declare.mutate(
          { ...(compoundId ? { compoundId } : { communityId: community }), reason, ...(dates ? { startsOn: dates[0].format('YYYY-MM-DD'), endsOn: dates[1].format('YYYY-MM-DD') } : {}) },
          {
            onSuccess: () => form.resetFields(),
            onError: (e) => {
              const rest = e instanceof ApiError ? apply(form, e) : [];
              // Problems of startsOn/endsOn (e.g. an overlap) belong to the one range field.
              const dateProblems = e instanceof ApiError ? e.fieldProblems.filter((p) => p.field === 'startsOn' || p.field === 'endsOn') : [];
              if (dateProblems.length) form.setFields([{ name: 'dates', errors: dateProblems.map(problemText) }]);
              if (!(e instanceof ApiError) || !e.fieldProblems.length || rest.length > dateProblems.length) void message.error(errorText(e));
            },
          },
        )}>
        <Form.Item name="communityId" label={t('period.community')} rules={[{ required: true }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} style={{ width: 200 }} loading={communities.isLoading}
            options={(communities.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} onChange={() => form.setFieldValue('compoundId', undefined)} />
        </Form.Item>
        <Form.Item name="compoundId" label={t('period.compound')}>
          <Select allowClear style={{ width: 200 }} disabled={!communityId} options={(compounds.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="dates" label={t('period.dates')}><DatePicker.RangePicker /></Form.Item>
        <Form.Item name="reason" label={t('period.reason')} rules={[{ required: true, whitespace: true }]}><Input maxLength={200} style={{ width: 240 }} /></Form.Item>
        <Button type="primary" htmlType="submit" loading={declare.isPending}>{t('period.submit')}</Button>
      </Form>
    </Card>
  );
}

function Metrics({ id }: { id: number }) {
  const { t } = useTranslation('linkage');
  const metrics = usePeriodMetrics(id);
  const m = metrics.data;
  if (!m) return <Card size="small" loading />;
  return (
    <Card size="small" title={`${t('period.metrics')} · ${m.period.placeName}`} data-testid="period-metrics">
      <Typography.Paragraph type="secondary">{t('period.summary', { households: m.households, requests: m.requests })}</Typography.Paragraph>
      {m.requests === 0 ? <Empty /> : (
        <Flex vertical gap={12}>
          <Flex gap={24} wrap>
            {PERIOD_MEASURES.map((k) => {
              const v = m.measures[k].medianMinutes;
              return <Statistic key={k} title={t(`period.measures.${k}`)} value={v ?? '–'} {...(v === null ? {} : { suffix: t('period.minutes') })} />;
            })}
          </Flex>
          <PeriodMetricsChart metrics={m} />
          <Table<MeasureFigures & { key: string }>
            size="small"
            pagination={false}
            dataSource={PERIOD_MEASURES.map((k) => ({ key: k, ...m.measures[k] }))}
            columns={[
              { title: t('period.measure'), dataIndex: 'key', render: (k: (typeof PERIOD_MEASURES)[number]) => t(`period.measures.${k}`) },
              { title: t('period.median'), dataIndex: 'medianMinutes', render: (v: number | null) => v ?? '–' },
              { title: t('period.p90'), dataIndex: 'p90Minutes', render: (v: number | null) => v ?? '–' },
              { title: t('period.reached'), dataIndex: 'reached' },
              { title: t('period.pending'), dataIndex: 'pending' },
              { title: t('period.breaches'), dataIndex: 'breaches', render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : 0) },
            ]}
          />
          <PeriodDaysChart metrics={m} />
        </Flex>
      )}
    </Card>
  );
}
