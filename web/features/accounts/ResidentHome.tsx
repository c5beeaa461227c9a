import { Col, Row, Typography } from 'antd';
import { HomeOutlined, PhoneOutlined, ToolOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { isRouted } from '../../routes.tsx';
import { ActionCard } from '../../ui/ActionCard.tsx';
import { useUser } from '../shell/session.ts';

/**
 * The three questions of a resident in a management vacuum (domain.md §1): whose is my home,
 * who repairs it, how do I report a fault. Later features route these paths; until then the
 * card says so instead of leading to an empty page.
 */
const CARDS = [
  { key: 'repair', path: '/repairs/new', icon: <ToolOutlined /> },
  { key: 'steward', path: '/my/steward', icon: <PhoneOutlined /> },
  { key: 'household', path: '/my/household', icon: <HomeOutlined /> },
] as const;

export default function ResidentHome() {
  const { t } = useTranslation(['accounts', 'shell']);
  const user = useUser();
  return (
    <div style={{ maxWidth: 720, marginInline: 'auto' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('residentHome.greeting', { name: user.name })}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('residentHome.intro')}</Typography.Paragraph>
      <Row gutter={[12, 12]}>
        {CARDS.map((c) => (
          <Col key={c.key} xs={24} md={12}>
            <ActionCard
              icon={c.icon}
              title={t(`residentHome.${c.key}.title`)}
              description={t(`residentHome.${c.key}.description`)}
              to={isRouted(c.path) ? c.path : undefined}
              unavailableLabel={t('shell:comingSoon')}
            />
          </Col>
        ))}
      </Row>
    </div>
  );
}
