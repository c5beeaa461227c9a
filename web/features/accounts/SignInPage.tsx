import { useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { Card, Flex, Tabs, Typography, theme } from 'antd';
import { FireFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { HOME_BY_ROLE } from '../../nav.tsx';
import { useNarrowScreen } from '../../ui/useNarrowScreen.ts';
import { Preferences } from '../shell/Preferences.tsx';
import { useSession } from '../shell/session.ts';
import { ResidentSignInForm, StaffSignInForm } from './SignInForms.tsx';

type Tab = 'resident' | 'staff';
const TAB_KEY = 'hs.signInTab';

/** Staff sign in every day on the same device: open the tab they used last time. */
function lastTab(): Tab {
  try {
    return localStorage.getItem(TAB_KEY) === 'staff' ? 'staff' : 'resident';
  } catch {
    return 'resident';
  }
}

/** Only a path inside this app: "?next=//evil.example" must not send anyone elsewhere. */
function safeNext(next: string | null): string | undefined {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : undefined;
}

export default function SignInPage() {
  const { t } = useTranslation('accounts');
  const { token } = theme.useToken();
  const narrow = useNarrowScreen();
  const [params] = useSearchParams();
  const session = useSession();
  const [tab, setTab] = useState<Tab>(lastTab);

  // Signed in (just now, or already when the page opened): on to where they were going.
  if (session.data) {
    return <Navigate to={safeNext(params.get('next')) ?? HOME_BY_ROLE[session.data.role]} replace />;
  }

  const choose = (key: string) => {
    const chosen: Tab = key === 'staff' ? 'staff' : 'resident';
    setTab(chosen);
    try {
      localStorage.setItem(TAB_KEY, chosen);
    } catch {
      // Storage disabled: the choice lasts for this visit.
    }
  };

  return (
    <Flex vertical align="center" style={{ minHeight: '100vh', padding: narrow ? 12 : 24, background: token.colorBgLayout }}>
      <Flex justify="flex-end" style={{ width: '100%' }}>
        <Preferences compact={narrow} />
      </Flex>
      <main style={{ width: '100%', maxWidth: 440, marginTop: narrow ? 8 : 48 }}>
        <Card variant="borderless">
          <Flex vertical align="center" gap={4} style={{ marginBottom: 16 }}>
            <FireFilled style={{ fontSize: 40, color: token.colorPrimary }} aria-hidden />
            <Typography.Title level={2} style={{ margin: 0, textAlign: 'center' }}>
              {t('signIn.title')}
            </Typography.Title>
            <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
              {t('signIn.subtitle')}
            </Typography.Text>
          </Flex>
          <Tabs
            activeKey={tab}
            onChange={choose}
            centered
            size="large"
            items={[
              { key: 'resident', label: t('signIn.residentTab'), children: <ResidentSignInForm /> },
              { key: 'staff', label: t('signIn.staffTab'), children: <StaffSignInForm /> },
            ]}
          />
        </Card>
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Link to="/steward">{t('signIn.findSteward')}</Link>
        </Flex>
      </main>
    </Flex>
  );
}
