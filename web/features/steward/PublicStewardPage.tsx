import { Link } from 'react-router';
import { Flex, Typography, theme } from 'antd';
import { FireFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNarrowScreen } from '../../ui/useNarrowScreen.ts';
import { Preferences } from '../shell/Preferences.tsx';
import { StewardLookup } from './StewardLookup.tsx';

/**
 * "My steward" for anyone, without signing in (the published contact of domain.md §1, item 4):
 * a resident in a management vacuum must find who repairs and where to pay even with no account.
 */
export default function PublicStewardPage() {
  const { t } = useTranslation('steward');
  const { token } = theme.useToken();
  const narrow = useNarrowScreen();
  return (
    <Flex vertical align="center" style={{ minHeight: '100vh', padding: narrow ? 12 : 24, background: token.colorBgLayout }}>
      <Flex justify="space-between" align="center" style={{ width: '100%', maxWidth: 560 }}>
        <Link to="/sign-in" style={{ padding: 8 }}>
          {t('signIn')}
        </Link>
        <Preferences compact={narrow} />
      </Flex>
      <main style={{ width: '100%', maxWidth: 560 }}>
        <Flex align="center" gap={8} style={{ margin: '8px 0 4px' }}>
          <FireFilled style={{ fontSize: token.fontSizeHeading2, color: token.colorPrimary }} aria-hidden />
          <Typography.Title level={2} style={{ margin: 0 }}>
            {t('title')}
          </Typography.Title>
        </Flex>
        <Typography.Paragraph type="secondary">{t('subtitle')}</Typography.Paragraph>
        <StewardLookup />
      </main>
    </Flex>
  );
}
