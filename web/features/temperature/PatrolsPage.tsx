import { useState } from 'react';
import dayjs from 'dayjs';
import { Alert, Button, Card, Flex, List, Switch, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PlanView } from '../../../server/modules/temperature/patrols.contract.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { usePlans, useResolveWorkOrder, useWorkOrders } from './hooks.ts';
import { PhotoThumbs } from '../../ui/PhotoPicker.tsx';
import { RoundForm, type RoundDone } from './RoundForm.tsx';

const BOOST_COLOUR = { vacuum: 'magenta', complaintCluster: 'volcano', coldSnap: 'blue' } as const;

/**
 * Patrols (巡检) for stewards and crew leads: plans by due time with the reasons they are
 * patrolled more often, the round form for the chosen one, and the work orders findings opened.
 */
export default function PatrolsPage() {
  const { t } = useTranslation('temperature');
  const [boostedOnly, setBoostedOnly] = useState(false);
  const plans = usePlans(boostedOnly);
  const orders = useWorkOrders();
  const resolve = useResolveWorkOrder();
  const [chosen, setChosen] = useState<PlanView>();
  const [done, setDone] = useState<RoundDone>();
  return (
    <div style={{ maxWidth: 820, marginInline: 'auto' }}>
      <PageHeader title={t('patrols.title')} subtitle={t('patrols.subtitle')}
        extra={<Flex gap={8} align="center"><Switch aria-label={t('patrols.boostedOnly')} checked={boostedOnly} onChange={setBoostedOnly} />{t('patrols.boostedOnly')}</Flex>} />
      <Card title={t('patrols.plans')} size="small">
        <List
          loading={plans.isPending}
          dataSource={plans.data?.items ?? []}
          renderItem={(p) => (
            <List.Item actions={[<Button key="r" type={chosen?.id === p.id ? 'primary' : 'default'} onClick={() => { setChosen(p); setDone(undefined); }}>{t('patrols.record')}</Button>]}>
              <List.Item.Meta
                title={<Flex wrap gap={4} align="center"><span>{p.targetCode} {p.targetName}</span>{p.boosts.map((b) => <Tag key={b} color={BOOST_COLOUR[b]}>{t(`patrols.boosts.${b}`)}</Tag>)}{p.overdue && <Tag color="red">{t('patrols.overdue')}</Tag>}</Flex>}
                description={`${t('patrols.interval', { h: Math.round((p.intervalMinutes / 60) * 10) / 10 })} · ${t('patrols.due')} ${dayjs(p.dueAt).format('MM-DD HH:mm')} · ${t('patrols.last')} ${p.lastRoundAt ? dayjs(p.lastRoundAt).format('MM-DD HH:mm') : t('patrols.never')}`}
              />
            </List.Item>
          )}
        />
      </Card>
      {chosen && (
        <Card title={`${t('patrols.record')} · ${chosen.targetCode} ${chosen.targetName}`} style={{ marginTop: 12 }}>
          {done ? (
            <>
              <Alert type={done.round.workOrderId ? 'warning' : 'success'} showIcon title={done.round.workOrderId ? t('patrols.woResult', { id: done.round.workOrderId }) : t('patrols.okResult')}
                description={done.round.findings.map((f) => `${f.kind === 'out_of_band' ? t(`patrols.keys.${f.key as 'primarySupplyC'}`) : t(`patrols.checks.${f.key as 'noLeaks'}`)}${f.value !== null ? ` = ${f.value} (${f.band?.join('–')})` : ''}`).join('；')} />
              <div style={{ marginTop: 8 }}><PhotoThumbs urls={done.photoUrls} /></div>
              {done.photoProblems.map((p) => <Alert key={p} type="warning" showIcon title={p} style={{ marginTop: 8 }} />)}
            </>
          ) : (
            <RoundForm key={chosen.id} plan={chosen} onDone={setDone} />
          )}
        </Card>
      )}
      <Card title={t('patrols.workOrders')} size="small" style={{ marginTop: 12, marginBottom: 24 }}>
        <List
          dataSource={orders.data?.items ?? []}
          locale={{ emptyText: '—' }}
          renderItem={(w) => (
            <List.Item actions={w.status === 'open' ? [<Button key="x" onClick={() => resolve.mutate(w.id)}>{t('patrols.resolve')}</Button>] : []}>
              <List.Item.Meta
                title={<span>#{w.id} {w.targetCode} {w.targetName} <Tag color={w.status === 'open' ? 'red' : 'green'}>{t(`patrols.woStatus.${w.status}`)}</Tag></span>}
                description={`${w.findings.map((f) => f.key).join(', ')} · ${w.assigneeName} · ${dayjs(w.onSiteDueAt).format('MM-DD HH:mm')}`}
              />
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
