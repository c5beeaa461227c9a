import { Link } from 'react-router';
import { Card, Col, List, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMessage } from '../../i18n.ts';
import { navFor } from '../../nav.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useUser } from '../shell/session.ts';

/**
 * A staff member's landing page until their role's dashboard exists: what the role is for
 * (domain.md §2) and which of its tools are already here, straight from the navigation list.
 */
export default function StaffHome() {
  const { t } = useTranslation(['accounts', 'shell']);
  const message = useMessage();
  const user = useUser();
  const tools = navFor(user.role).filter((e) => e.path !== '/dashboard');
  return (
    <>
      <PageHeader
        title={t('staffHome.greeting', { name: user.name })}
        subtitle={t('staffHome.role', { role: t(`shell:roles.${user.role}`) })}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('staffHome.duties')}>
            <Typography.Paragraph style={{ marginBottom: 0 }}>{t(`staffHome.dutiesByRole.${user.role}`)}</Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('staffHome.available')}>
            {tools.length === 0 ? (
              <Typography.Text type="secondary">{t('staffHome.onlyHome')}</Typography.Text>
            ) : (
              <List
                dataSource={tools}
                renderItem={(e) => (
                  <List.Item>
                    <Link to={e.path}>
                      {e.icon} {message(e.label)}
                    </Link>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
