import { Avatar, Button, Dropdown, Typography } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSignOut, useUser } from './session.ts';

/** Who is signed in, in which role, and the way out. */
export function UserMenu({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation('shell');
  const user = useUser();
  const signOut = useSignOut();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            key: 'who',
            disabled: true,
            label: (
              <div>
                <Typography.Text strong>{user.name}</Typography.Text>
                <br />
                <Typography.Text type="secondary">{t(`roles.${user.role}`)}</Typography.Text>
              </div>
            ),
          },
          { type: 'divider' },
          { key: 'sign-out', icon: <LogoutOutlined />, label: t('user.signOut'), onClick: () => signOut.mutate() },
        ],
      }}
    >
      <Button type="text" aria-label={t('user.menu')} icon={<Avatar size="small" icon={<UserOutlined />} />}>
        {compact ? null : user.name}
      </Button>
    </Dropdown>
  );
}
