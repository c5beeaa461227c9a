import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Flex, Progress, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { formatFen } from '../../ui/money.ts';
import { useErrorText } from '../shell/errorText.ts';
import { seasonOf, useBillRun, useStartBillRun } from './hooks.ts';

/** Last, current and next season: a clerk bills ahead of the season or catches up after it. */
function seasonChoices(now: Date): string[] {
  const current = Number(seasonOf(now).slice(0, 4));
  return [current - 1, current, current + 1].map((y) => `${y}-${String((y + 1) % 100).padStart(2, '0')}`);
}

/** The clerk starts a season's bill run and watches it: the server bills in the background. */
export default function BillRunPage() {
  const { t, i18n } = useTranslation('billing');
  const errorText = useErrorText();
  const [season, setSeason] = useState(() => seasonOf(new Date()));
  const [runId, setRunId] = useState<number>();
  const start = useStartBillRun();
  const run = useBillRun(runId);
  const view = run.data;
  const percent = view && view.totalHouseholds > 0 ? Math.floor((view.processedHouseholds / view.totalHouseholds) * 100) : 0;
  const running = start.isPending || view?.status === 'running';

  return (
    <div style={{ maxWidth: 760 }}>
      <PageHeader title={t('runs.title')} subtitle={t('runs.subtitle')} />
      <Card>
        <Flex wrap gap={12} align="center">
          <label htmlFor="bill-run-season">{t('season')}</label>
          <Select
            id="bill-run-season"
            value={season}
            onChange={setSeason}
            style={{ width: 160 }}
            options={seasonChoices(new Date()).map((s) => ({ value: s, label: s }))}
          />
          <Button
            type="primary"
            loading={running}
            onClick={() => start.mutate(season, { onSuccess: (r) => setRunId(r.id) })}
          >
            {running ? t('runs.running') : t('runs.start')}
          </Button>
        </Flex>
        {start.error && <Alert style={{ marginTop: 16 }} type="error" showIcon title={errorText(start.error)} />}
      </Card>
      {view && (
        <Card style={{ marginTop: 16 }} data-testid="bill-run">
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {t('seasonLabel', { season: view.season })} · {view.status === 'done' ? t('runs.done') : t('runs.running')}
          </Typography.Title>
          {view.resumed && <Alert type="info" showIcon title={t('runs.resumed')} style={{ marginBottom: 12 }} />}
          <Progress
            percent={view.status === 'done' ? 100 : percent}
            status={view.status === 'done' ? 'success' : 'active'}
            aria-label={t('runs.progress', { processed: view.processedHouseholds, total: view.totalHouseholds })}
          />
          <Typography.Paragraph type="secondary">
            {t('runs.progress', { processed: view.processedHouseholds, total: view.totalHouseholds })}
          </Typography.Paragraph>
          <Descriptions column={{ xs: 1, sm: 2 }} bordered size="small">
            <Descriptions.Item label={t('runs.households')}>{view.totalHouseholds}</Descriptions.Item>
            <Descriptions.Item label={t('runs.billsCreated')}>{view.billsCreated}</Descriptions.Item>
            <Descriptions.Item label={t('runs.amount')}>{formatFen(view.amountFen, i18n.language)}</Descriptions.Item>
            <Descriptions.Item label={t('runs.startedAt')}>{new Date(view.startedAt).toLocaleString(i18n.language)}</Descriptions.Item>
            {view.finishedAt && (
              <Descriptions.Item label={t('runs.finishedAt')}>{new Date(view.finishedAt).toLocaleString(i18n.language)}</Descriptions.Item>
            )}
          </Descriptions>
          {run.error && <Alert style={{ marginTop: 16 }} type="error" showIcon title={errorText(run.error)} />}
        </Card>
      )}
    </div>
  );
}
