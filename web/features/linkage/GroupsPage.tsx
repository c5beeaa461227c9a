import { Card, Flex, List, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useUser } from '../shell/session.ts';
import { useDashboard, useGroups } from './hooks.ts';

/** The groups I belong to (office staff: the branch's), and for the office the day's unacknowledged bulletins. */
export default function GroupsPage() {
  const { t } = useTranslation('linkage');
  const user = useUser();
  const groups = useGroups();
  const office = ['admin', 'clerk', 'dispatcher', 'crew_lead'].includes(user.role);
  return (
    <>
      <PageHeader title={t('groups.title')} subtitle={t('groups.subtitle')} />
      <Flex vertical gap={16}>
        {office && <Dashboard />}
        <Table
          data-testid="groups-table"
          rowKey="id"
          loading={groups.isLoading}
          dataSource={groups.data?.items ?? []}
          pagination={false}
          scroll={{ x: 700 }}
          locale={{ emptyText: t('groups.empty') }}
          columns={[
            { title: t('groups.title'), dataIndex: 'name', render: (name: string, g) => <Link to={`/linkage/groups/${g.id}`}>{name}</Link> },
            { title: t('rollout.community'), dataIndex: 'communityName' },
            {
              title: t('groups.vacuum'),
              dataIndex: 'vacuumCompounds',
              render: (cs: { id: number; name: string }[]) => (cs.length ? <Space wrap>{cs.map((c) => <Tag key={c.id} color="volcano">{c.name}</Tag>)}</Space> : t('groups.none')),
            },
            { title: '', dataIndex: 'origin', render: (o: 'auto' | 'admin') => <Tag>{t(`groups.${o}`)}</Tag> },
          ]}
        />
      </Flex>
    </>
  );
}

function Dashboard() {
  const { t } = useTranslation('linkage');
  const dash = useDashboard();
  return (
    <Card size="small" title={t('dashboard.title')} data-testid="bulletin-dashboard">
      <List
        size="small"
        loading={dash.isLoading}
        dataSource={dash.data?.items ?? []}
        locale={{ emptyText: t('dashboard.empty') }}
        renderItem={(b) => (
          <List.Item>
            <Link to={`/linkage/bulletins/${b.id}`}>{b.groupName} · {b.bulletinDate}</Link>
            <Space>
              {b.copies.filter((k) => !k.acknowledgedAt).map((k) => (
                <Typography.Text key={k.side} type="warning">{t('bulletin.pending', { side: t(`side.${k.side}`) })}</Typography.Text>
              ))}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
