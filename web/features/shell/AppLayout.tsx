import { useState, type ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { Button, Drawer, Flex, Layout, Menu, Typography, theme } from 'antd';
import { FireFilled, MenuOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useMessage } from '../../i18n.ts';
import { HOME_BY_ROLE, NAV_SECTIONS, PHONE_FIRST_ROLES, navFor, type NavEntry, type NavSection } from '../../nav.tsx';
import { PhoneTabBar, phoneTabBarHeight } from '../../ui/PhoneTabBar.tsx';
import { useNarrowScreen } from '../../ui/useNarrowScreen.ts';
import { Preferences } from './Preferences.tsx';
import { useUser } from './session.ts';
import { UserMenu } from './UserMenu.tsx';

/** The nav entry the current page belongs to: the longest path that prefixes the location. */
function activePath(entries: NavEntry[], pathname: string): string | undefined {
  return entries
    .filter((e) => pathname === e.path || pathname.startsWith(`${e.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;
}

/** Past this many entries a menu is shown in headed sections (an administrator sees over 30). */
const GROUP_MENU_OVER = 10;

type MenuItem = { key: string; icon: ReactNode; label: string } | { key: string; type: 'group'; label: string; children: MenuItem[] };

/** Flat for short menus; for long ones, one headed group per section, items always visible. */
function menuItems(entries: NavEntry[], label: (e: NavEntry) => string, section: (s: NavSection) => string): MenuItem[] {
  const item = (e: NavEntry): MenuItem => ({ key: e.path, icon: e.icon, label: label(e) });
  if (entries.length <= GROUP_MENU_OVER) return entries.map(item);
  return NAV_SECTIONS.flatMap((s) => {
    const inSection = entries.filter((e) => e.section === s);
    if (inSection.length === 0) return [];
    return s === 'home' ? inSection.map(item) : [{ key: `section:${s}`, type: 'group' as const, label: section(s), children: inSection.map(item) }];
  });
}

/**
 * The signed-in frame. Phones (< 768 px) get a slim top bar and, for residents and stewards, a
 * bottom tab bar (office roles with longer menus get a drawer); desks get a sider menu.
 */
export default function AppLayout() {
  const { t } = useTranslation('shell');
  const message = useMessage();
  const user = useUser();
  const narrow = useNarrowScreen();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { token } = theme.useToken();
  const [drawerOpen, setDrawerOpen] = useState(false);
  // Fixed, so the sider can stick right under it; grows with large-text mode's taller controls.
  const headerHeight = Math.max(56, token.controlHeight + 16);

  const entries = navFor(user.role);
  const active = activePath(entries, pathname);
  const label = (e: NavEntry) => message(e.label);
  const go = (path: string) => {
    setDrawerOpen(false);
    void navigate(path);
  };
  // A bar of one tab says nothing; more than five do not fit a phone's width.
  const tabBar = narrow && PHONE_FIRST_ROLES.includes(user.role) && entries.length >= 2 && entries.length <= 5;
  const drawer = narrow && !tabBar && entries.length > 1;

  const menu = (
    <Menu
      mode="inline"
      selectedKeys={active ? [active] : []}
      items={menuItems(entries, label, (section: NavSection) => t(`nav.sections.${section}`))}
      onClick={({ key }) => go(key)}
      style={{ borderInlineEnd: 'none' }}
    />
  );

  const brand: ReactNode = (
    <Button type="link" onClick={() => go(HOME_BY_ROLE[user.role])} style={{ paddingInline: 0 }}>
      <Flex align="center" gap={6}>
        <FireFilled style={{ color: token.colorPrimary, fontSize: token.fontSizeXL }} aria-hidden />
        <Typography.Text strong style={{ fontSize: token.fontSizeLG }}>
          {t('appName')}
        </Typography.Text>
      </Flex>
    </Button>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          position: 'sticky',
          top: 0,
          zIndex: 100,
          display: 'flex',
          alignItems: 'center',
          gap: 8,
          height: headerHeight,
          lineHeight: 'normal',
          paddingInline: narrow ? 8 : 24,
          background: token.colorBgContainer,
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
        }}
      >
        {drawer && <Button type="text" icon={<MenuOutlined />} aria-label={t('nav.menu')} onClick={() => setDrawerOpen(true)} />}
        {brand}
        <Flex gap={4} align="center" style={{ marginInlineStart: 'auto' }}>
          <Preferences compact={narrow} />
          <UserMenu compact={narrow} />
        </Flex>
      </Layout.Header>
      <Layout>
        {!narrow && entries.length > 1 && (
          <Layout.Sider
            width={220}
            theme="light"
            breakpoint="lg"
            collapsible
            aria-label={t('nav.main')}
            // The menu stays in view while a long table scrolls.
            style={{ position: 'sticky', top: headerHeight, height: `calc(100vh - ${headerHeight}px)` }}
          >
            {/* The menu scrolls inside the sider's padding, so its last entries never sit under the collapse trigger. */}
            <div style={{ height: '100%', overflowY: 'auto' }}>{menu}</div>
          </Layout.Sider>
        )}
        <Layout.Content
          style={{
            padding: narrow ? 12 : 24,
            paddingBottom: tabBar ? phoneTabBarHeight(token.fontSize) + 16 : undefined,
            minWidth: 0,
          }}
        >
          <main>
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
      {tabBar && (
        <PhoneTabBar
          ariaLabel={t('nav.main')}
          items={entries.map((e) => ({ key: e.path, icon: e.icon, label: label(e) }))}
          activeKey={active}
          onSelect={go}
        />
      )}
      <Drawer open={drawerOpen} onClose={() => setDrawerOpen(false)} placement="left" size={260} title={t('nav.menu')}>
        {menu}
      </Drawer>
    </Layout>
  );
}
