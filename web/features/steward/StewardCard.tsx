import type { ReactNode } from 'react';
import { Alert, Button, Card, Flex, List, Tag, Typography } from 'antd';
import { PhoneFilled } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { PublicContact, StewardView } from '../../../server/modules/tenure/steward.contract.ts';

/** A whole-width call button: a resident with one free hand taps it with the thumb. */
function CallButton({ phone, primary }: { phone: string; primary?: boolean }) {
  const { t } = useTranslation('steward');
  return (
    <Button type={primary ? 'primary' : 'default'} size="large" block icon={<PhoneFilled />} href={`tel:${phone.replace(/[^0-9+]/g, '')}`}>
      {t('call', { phone })}
    </Button>
  );
}

function Person({ label, contact, primary }: { label: string; contact: PublicContact; primary?: boolean }) {
  const { t } = useTranslation('steward');
  return (
    <Flex vertical gap={8}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <Typography.Title level={primary ? 2 : 4} style={{ margin: 0 }}>
        {contact.name}
      </Typography.Title>
      {contact.phone ? <CallButton phone={contact.phone} primary={primary ?? false} /> : <Typography.Text>{t('noPhone')}</Typography.Text>}
    </Flex>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card size="small" title={title}>
      {children}
    </Card>
  );
}

/** The published contacts of one building, in the order a resident needs them: who, how, where, when. */
export function StewardCard({ view }: { view: StewardView }) {
  const { t } = useTranslation('steward');
  const { serviceMode: mode, whereToPay: pay, season } = view;
  const company = mode.propertyCompany?.name ?? '';
  // The season's end is exclusive (heating stops at 00:00 that day): say the last heated day.
  const lastDay = dayjs(season.end).subtract(1, 'day').format('YYYY-MM-DD');
  const payLine = (channel: StewardView['whereToPay']['channels'][number]) =>
    t(`pay.${channel}`, {
      name: channel === 'property_company' ? (pay.propertyCompany?.name ?? '') : pay.heatingCompany.name,
      address: pay.heatingCompany.counterAddress ?? pay.heatingCompany.name,
    });

  return (
    <Flex vertical gap={12} data-testid="steward-card">
      <Card>
        <Flex vertical gap={16}>
          <Typography.Text strong>
            {t('place', { community: view.community.name, compound: view.compound.name, building: view.building.name })}
          </Typography.Text>
          {view.steward && <Person label={t('steward')} contact={view.steward} primary />}
          {view.deputy && <Person label={t('deputy')} contact={view.deputy} />}
          <Typography.Text type="secondary">{t('grid', { grid: view.grid.name })}</Typography.Text>
        </Flex>
      </Card>
      <Section title={t('modeTitle')}>
        <Alert
          type={mode.mode === 'direct' ? 'warning' : 'info'}
          showIcon
          title={t(`mode.${mode.mode}`)}
          description={t(`reason.${mode.reason}`, { company })}
        />
      </Section>
      <Section title={t('payTitle')}>
        <List
          dataSource={[...pay.channels.map(payLine), ...pay.collectionPoints.map((p) => t('collectionPoint', p))]}
          renderItem={(line) => <List.Item>{line}</List.Item>}
        />
      </Section>
      <Section title={t('callTitle')}>
        <List
          // The steward and deputy already have their big buttons at the top.
          dataSource={view.whomToCall.filter((c) => !(c.role === 'steward' && view.steward) && !(c.role === 'deputy' && view.deputy))}
          renderItem={(c) => (
            <List.Item>
              <Flex vertical gap={4} style={{ width: '100%' }}>
                <Typography.Text>
                  {t(`roles.${c.role}`)} · {c.name}
                </Typography.Text>
                <CallButton phone={c.phone} />
              </Flex>
            </List.Item>
          )}
        />
      </Section>
      <Section title={t('seasonTitle')}>
        <Flex wrap gap={8} align="center">
          <Typography.Text>{t('season', { start: season.start, end: lastDay })}</Typography.Text>
          <Tag color={season.inSeason ? 'red' : 'default'}>{season.inSeason ? t('inSeason') : t('notInSeason')}</Tag>
        </Flex>
      </Section>
    </Flex>
  );
}
