import { LockOutlined } from '@ant-design/icons';
import { Card, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { VersionView } from '../../../server/modules/rulebook/rulebook.api.contract.ts';
import { useVersions } from './hooks.ts';

/** Versions newest first: which is in force, which are scheduled, which bills have frozen. */
export function VersionHistory({ city }: { city: string }) {
  const { t } = useTranslation('rulebook');
  const versions = useVersions(city);
  const inForce = versions.data?.find((v) => v.inForce);
  const status = (v: VersionView) => {
    if (v.inForce) return <Tag color="green">{t('history.inForce')}</Tag>;
    if (inForce && v.effectiveFrom > inForce.effectiveFrom) return <Tag color="gold">{t('history.upcoming')}</Tag>;
    return <Tag>{t('history.superseded')}</Tag>;
  };
  return (
    <Card title={t('history.title')} size="small">
      <Table<VersionView>
        size="small"
        rowKey="id"
        loading={versions.isFetching}
        dataSource={versions.data}
        pagination={false}
        scroll={{ x: 820 }}
        columns={[
          { title: '#', dataIndex: 'id', width: 60 },
          { title: t('history.effectiveFrom'), dataIndex: 'effectiveFrom', width: 120 },
          {
            title: t('history.status'),
            key: 'status',
            width: 150,
            render: (_, v) => (
              <>
                {status(v)}
                {v.lockedAt && (
                  <Tooltip title={`${t('history.locked')} (${dayjs(v.lockedAt).format('YYYY-MM-DD HH:mm')})`}>
                    <LockOutlined aria-label={t('history.locked')} />
                  </Tooltip>
                )}
              </>
            ),
          },
          {
            title: t('history.changed'),
            dataIndex: 'changed',
            width: 180,
            render: (changed: string[]) =>
              changed.length === 0 ? (
                <Typography.Text type="secondary">{t('history.first')}</Typography.Text>
              ) : (
                changed.map((s) => <Tag key={s}>{t(`history.sections.${s}`, { defaultValue: s })}</Tag>)
              ),
          },
          { title: t('history.note'), dataIndex: 'note' },
          {
            title: t('history.createdBy'),
            key: 'createdBy',
            width: 160,
            render: (_, v) => (
              <>
                {v.createdBy ? v.createdBy.name : <Tag>{t('history.shipped')}</Tag>}
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {dayjs(v.createdAt).format('YYYY-MM-DD HH:mm')}
                </Typography.Text>
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}
