import { Alert, Button, Descriptions, Flex, Timeline, Typography } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { RequestDetail } from '../../../server/modules/repairs/repairs.contract.ts';
import { SlaProfileTag, StatusTag, when } from './format.tsx';

/**
 * Everything a resident needs to follow one request: who owns it and how to reach them, the
 * three promised times, and each step with its time and actor (issue 6 §3: "the resident sees
 * the expected times and the steward's name at every step").
 */
export function RequestView({ request: r, showTimeline = true, showTitle = true }: { request: RequestDetail; showTimeline?: boolean; showTitle?: boolean }) {
  const { t } = useTranslation('repairs');
  // The server notes how a request was routed in English ("routed to the deputy"); people read
  // that in their own language. Other notes are people's own words and are shown as written.
  const eventNote = (note: string | null) => {
    const via = note?.match(/^routed to the (steward|deputy|crew_lead|branch_admin)$/)?.[1] as 'steward' | 'deputy' | 'crew_lead' | 'branch_admin' | undefined;
    return via ? t(`event.routed.${via}`) : note;
  };
  return (
    <Flex vertical gap={12} data-testid="repair-request">
      {showTitle && (
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t(`category.${r.category}`)} · {t('detail.number', { id: r.id })}
          </Typography.Title>
          <StatusTag status={r.status} />
        </Flex>
      )}
      {r.incidentId !== null && <Alert type="info" showIcon message={t('detail.incident')} />}
      {r.caller && (
        // Opened on someone's behalf (代报): whoever called is who the steward calls back.
        <Typography.Text data-testid="repair-caller">
          {t(`desk.onBehalf.channels.${r.channel}`)} · {t('desk.onBehalf.caller')}：{r.caller.name}
          {r.caller.phone && ` ${r.caller.phone}`}
          {r.caller.caseRef && ` · ${t('desk.onBehalf.caseRef')} ${r.caller.caseRef}`}
        </Typography.Text>
      )}
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Text type="secondary">{t('detail.steward')}</Typography.Text>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {r.assigneeName}
          </Typography.Title>
        </div>
        {r.assigneePhone && (
          // A real tel: link, so one tap on a phone dials the steward.
          <Button type="primary" size="large" icon={<PhoneOutlined />} href={`tel:${r.assigneePhone}`}>
            {t('detail.call', { phone: r.assigneePhone })}
          </Button>
        )}
      </Flex>
      <Descriptions
        size="small"
        column={1}
        bordered
        title={t('detail.expected')}
        extra={<SlaProfileTag profile={r.slaProfile} />}
      >
        {r.clocks.map((c) => (
          <Descriptions.Item key={c.name} label={t(`clock.${c.name}`)}>
            <Typography.Text type={c.breached ? 'danger' : c.metAt ? 'success' : undefined}>
              {c.metAt ? t('detail.met', { time: when(c.metAt) }) : t('detail.due', { time: when(c.dueAt) })}
              {c.breached && ` · ${t('detail.late')}`}
            </Typography.Text>
          </Descriptions.Item>
        ))}
      </Descriptions>
      {showTimeline && (
        <>
          <Typography.Text strong>{t('detail.timeline')}</Typography.Text>
          <Timeline
            data-testid="repair-timeline"
            items={r.timeline.map((e, i) => ({
              key: i,
              color: e.to === 'reopened' ? 'red' : e.to === 'resolved' || e.to === 'confirmed' ? 'green' : 'blue',
              children: (
                <div>
                  <Typography.Text strong>
                    {e.kind === 'transition' ? t(`status.${e.to}`) : t(`event.${e.kind}`)}
                  </Typography.Text>
                  <br />
                  <Typography.Text type="secondary">
                    {when(e.at)} · {e.actorName}
                  </Typography.Text>
                  {eventNote(e.note) && <Typography.Paragraph style={{ margin: 0 }}>{eventNote(e.note)}</Typography.Paragraph>}
                </div>
              ),
            }))}
          />
        </>
      )}
    </Flex>
  );
}
