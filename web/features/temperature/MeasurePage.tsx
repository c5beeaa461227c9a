import { useState } from 'react';
import dayjs from 'dayjs';
import { Alert, Button, Card, Flex, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ComplaintView, MeasurementView } from '../../../server/modules/temperature/temperature.contract.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useComplaints, useMeasurements } from './hooks.ts';
import { MeasureForm } from './MeasureForm.tsx';

const OUTCOME_COLOUR = { compliant: 'green', below_standard: 'red', exempt_extreme_cold: 'blue', exempt_user_fault: 'gold' } as const;

/**
 * The steward's official measurement (入户测温): the complaints of their grid awaiting
 * measurement, nearest deadline first; the form for the chosen one; the finding the rulebook
 * computed; and the household's earlier findings (a re-measurement closes the period).
 */
export default function MeasurePage() {
  const { t } = useTranslation('temperature');
  const complaints = useComplaints();
  const [chosen, setChosen] = useState<ComplaintView>();
  const [result, setResult] = useState<MeasurementView>();
  const history = useMeasurements(chosen?.householdId);

  return (
    <div style={{ maxWidth: 760, marginInline: 'auto' }}>
      <PageHeader title={t('measure.title')} subtitle={t('measure.subtitle')} />
      <Card title={t('measure.queue')} size="small">
        <List
          dataSource={complaints.data?.items ?? []}
          loading={complaints.isPending}
          locale={{ emptyText: t('measure.empty') }}
          renderItem={(c) => (
            <List.Item
              actions={[
                <Button key="m" type={chosen?.id === c.id ? 'primary' : 'default'} onClick={() => { setChosen(c); setResult(undefined); }}>
                  {t('measure.start')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={<span>#{c.id} {c.address} <Tag color={c.status === 'open' ? (c.overdue ? 'red' : 'orange') : 'green'}>{c.overdue ? t('measure.overdue') : t(`status.${c.status}`)}</Tag></span>}
                description={`${c.accountNo}${c.readingC !== null ? ` · ${c.readingC} °C` : ''} · ${t('measure.due')} ${dayjs(c.measureDueAt).format('MM-DD HH:mm')}`}
              />
            </List.Item>
          )}
        />
      </Card>
      {chosen && (
        <Card title={`${t('measure.household')} ${chosen.accountNo} · ${chosen.address}`} style={{ marginTop: 12 }}>
          {result ? (
            <Alert
              type={result.outcome === 'compliant' ? 'success' : 'warning'}
              showIcon
              title={t('measure.result', { outcome: t(`outcome.${result.outcome}`), c: result.resultC })}
              description={
                <Flex vertical>
                  {result.tierPercent > 0 && <span>{t('measure.tier', { p: result.tierPercent })}</span>}
                  {result.periodId !== null && <span>{t('measure.period', { id: result.periodId })}</span>}
                  <Button type="link" style={{ paddingInline: 0, alignSelf: 'flex-start' }} onClick={() => setResult(undefined)}>{t('measure.start')}</Button>
                </Flex>
              }
            />
          ) : (
            <MeasureForm key={chosen.id} complaint={chosen} onDone={setResult} />
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('measure.history')}</Typography.Title>
          <List
            size="small"
            dataSource={history.data?.items ?? []}
            locale={{ emptyText: '—' }}
            renderItem={(m) => (
              <List.Item>
                <Flex justify="space-between" style={{ width: '100%' }} wrap gap={8}>
                  <span>{dayjs(m.measuredAt).format('MM-DD HH:mm')} · {m.resultC} °C · {m.instrumentSerial}</span>
                  <Tag color={OUTCOME_COLOUR[m.outcome]}>{t(`outcome.${m.outcome}`)}</Tag>
                </Flex>
              </List.Item>
            )}
          />
        </Card>
      )}
    </div>
  );
}
