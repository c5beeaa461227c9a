import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { App, Button, Flex, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../server/kernel/actor.ts';
import type { UserView } from '../../../server/modules/accounts/accounts.contract.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { useUpdateUser, useUsers } from './hooks.ts';
import { UserDrawer } from './UserDrawer.tsx';

const PAGE_SIZE = 20;

/** Accounts, their roles and scope. Filters live in the URL so a filtered list can be shared. */
export default function UsersPage() {
  const { t } = useTranslation(['accounts', 'shell']);
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const role = (ROLES as readonly string[]).includes(params.get('role') ?? '') ? (params.get('role') as Role) : undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const users = useUsers({ q: q || undefined, role, page, pageSize: PAGE_SIZE });
  const update = useUpdateUser();
  const [target, setTarget] = useState<UserView | 'new'>();

  const setFilter = (changes: Record<string, string | undefined>) => {
    // A new filter starts again at page 1: `page` is cleared unless it is what changes.
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries({ ...changes, page: changes.page ?? undefined })) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const setActive = (u: UserView, active: boolean) =>
    update.mutate({ id: u.id, active }, { onSuccess: () => void message.success(t('users.saved')), onError: (e) => void message.error(errorText(e)) });

  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget('new')}>
            {t('users.create')}
          </Button>
        }
      />
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          defaultValue={q}
          placeholder={t('users.search')}
          aria-label={t('users.search')}
          onSearch={(v) => setFilter({ q: v.trim() || undefined })}
          style={{ width: 280 }}
        />
        <Select
          allowClear
          value={role}
          placeholder={t('users.allRoles')}
          aria-label={t('users.columns.role')}
          onChange={(v?: Role) => setFilter({ role: v })}
          options={ROLES.map((r) => ({ value: r, label: t(`shell:roles.${r}`) }))}
          style={{ width: 200 }}
        />
      </Flex>
      <Table<UserView>
        rowKey="id"
        loading={users.isFetching}
        dataSource={users.data?.items}
        scroll={{ x: 900 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: users.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (count) => t('users.total', { count }),
          onChange: (p) => setFilter({ page: p > 1 ? String(p) : undefined }),
        }}
        columns={[
          { title: t('users.columns.name'), dataIndex: 'name' },
          { title: t('users.columns.role'), dataIndex: 'role', render: (r: Role) => t(`shell:roles.${r}`) },
          {
            title: t('users.columns.login'),
            key: 'login',
            render: (_, u) => <Typography.Text code>{u.username ?? u.phone}</Typography.Text>,
          },
          {
            title: t('users.columns.scopes'),
            dataIndex: 'scopes',
            render: (scopes: UserView['scopes']) =>
              scopes.map((s) => <Tag key={`${s.kind}:${s.refId}`}>{`${t(`users.scopeKinds.${s.kind}`)} #${s.refId}`}</Tag>),
          },
          {
            title: t('users.columns.status'),
            dataIndex: 'active',
            render: (a: boolean) => (a ? <Tag color="green">{t('users.active')}</Tag> : <Tag>{t('users.inactive')}</Tag>),
          },
          { title: t('users.columns.createdAt'), dataIndex: 'createdAt', render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm') },
          {
            title: t('users.columns.actions'),
            key: 'actions',
            fixed: 'right',
            render: (_, u) => (
              <Space>
                <Button type="link" size="small" onClick={() => setTarget(u)}>
                  {t('users.edit')}
                </Button>
                {u.active ? (
                  <Popconfirm
                    title={t('users.confirmDeactivate')}
                    okText={t('users.deactivate')}
                    okButtonProps={{ danger: true }}
                    cancelText={t('users.form.cancel')}
                    onConfirm={() => setActive(u, false)}
                  >
                    <Button type="link" size="small" danger>
                      {t('users.deactivate')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button type="link" size="small" onClick={() => setActive(u, true)}>
                    {t('users.activate')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <UserDrawer target={target} onClose={() => setTarget(undefined)} />
    </>
  );
}
