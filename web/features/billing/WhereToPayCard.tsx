import { Link } from 'react-router';
import { Alert, Button, Card, Flex, Tag, Typography } from 'antd';
import { BankOutlined, EnvironmentOutlined, MobileOutlined, ShopOutlined, TeamOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { PayChannel } from '../../../server/modules/billing/points.contract.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useWhereToPay } from './points.hooks.ts';

const ICON = { temp_point: <ShopOutlined />, counter: <BankOutlined />, agent: <TeamOutlined />, online: <MobileOutlined /> } as const;

/**
 * "Where to pay" for the resident's household today, in the order to try: it follows the
 * compound's service mode, so a vacuum compound shows its temporary point first.
 */
export function WhereToPayCard({ householdId }: { householdId: number }) {
  const { t } = useTranslation('billing');
  const errorText = useErrorText();
  const where = useWhereToPay(householdId);
  const data = where.data;

  return (
    <Card size="small" data-testid="where-to-pay">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('where.title')}
      </Typography.Title>
      {where.error && <Alert type="error" showIcon title={errorText(where.error)} />}
      {data && (
        <>
          <Typography.Paragraph type="secondary">{t(data.serviceMode === 'agent' ? 'where.modeAgent' : 'where.modeDirect')}</Typography.Paragraph>
          <Flex vertical gap={8} style={{ marginBottom: 12 }}>
            {data.channels.map((c, i) => (
              <Channel key={`${c.kind}-${i}`} channel={c} />
            ))}
          </Flex>
        </>
      )}
      <Link to="/my/steward">
        <Button icon={<EnvironmentOutlined />} block>
          {t('where.more')}
        </Button>
      </Link>
    </Card>
  );
}

function Channel({ channel: c }: { channel: PayChannel }) {
  const { t } = useTranslation('billing');
  const title = { temp_point: t('where.tempPoint'), counter: t('where.counter'), agent: t('where.agent'), online: t('where.online') }[c.kind];
  const lines: string[] = [];
  if (c.kind === 'temp_point') {
    lines.push(c.name, c.address, t('where.dates', { from: c.fromDate, to: c.toDate }));
    if (c.hours) lines.push(t('where.hours', { hours: c.hours }));
  }
  if (c.kind === 'counter') {
    lines.push(c.name);
    if (c.address) lines.push(c.address);
    if (c.phone) lines.push(t('where.phone', { phone: c.phone }));
  }
  if (c.kind === 'agent') {
    lines.push(c.name);
    if (c.phone) lines.push(t('where.phone', { phone: c.phone }));
  }
  return (
    <Card size="small" type="inner" data-testid={`pay-channel-${c.kind}`}>
      <Flex gap={8} align="baseline" wrap>
        {ICON[c.kind]}
        <Typography.Text strong>{title}</Typography.Text>
        {c.kind === 'temp_point' && !c.openToday && <Tag>{t('where.opensOn', { date: c.fromDate })}</Tag>}
      </Flex>
      {lines.map((l) => (
        <div key={l} style={{ overflowWrap: 'anywhere' }}>
          {l}
        </div>
      ))}
    </Card>
  );
}
