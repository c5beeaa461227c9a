import { CheckCircleFilled, CloseCircleOutlined } from '@ant-design/icons';
import { Card, Flex, Progress, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ROLLOUT_ITEMS, type RolloutCompound } from '../../../server/modules/linkage/linkage.contract.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useRollout } from './hooks.ts';

/** Every compound in a vacuum or without a property company, with its onboarding checklist and the branch's progress. */
export default function RolloutPage() {
  const { t } = useTranslation('linkage');
  const board = useRollout();
  const p = board.data?.progress;
  return (
    <>
      <PageHeader title={t('rollout.title')} subtitle={t('rollout.subtitle')} />
      <Flex vertical gap={16}>
        {p && (
          <Card size="small">
            <Typography.Text strong>{t('rollout.progress', { complete: p.complete, total: p.compounds })}</Typography.Text>
            <Flex gap={16} wrap style={{ marginTop: 8 }}>
              {ROLLOUT_ITEMS.map((k) => (
                <Flex key={k} vertical align="center" style={{ width: 120 }}>
                  <Progress type="circle" size={64} percent={p.compounds ? Math.round(((p.byItem[k] ?? 0) * 100) / p.compounds) : 0} />
                  <Typography.Text style={{ textAlign: 'center' }}>{t(`rollout.item.${k}`)}</Typography.Text>
                </Flex>
              ))}
            </Flex>
          </Card>
        )}
        <Table<RolloutCompound>
          data-testid="rollout-table"
          rowKey="compoundId"
          loading={board.isLoading}
          dataSource={board.data?.compounds ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          columns={[
            { title: t('rollout.compound'), dataIndex: 'compound' },
            { title: t('rollout.community'), dataIndex: 'community' },
            ...ROLLOUT_ITEMS.map((k) => ({
              title: t(`rollout.item.${k}`),
              key: k,
              render: (_: unknown, c: RolloutCompound) =>
                c.checklist[k] ? <CheckCircleFilled style={{ color: '#52c41a' }} aria-label="✓" /> : <CloseCircleOutlined style={{ color: '#bfbfbf' }} aria-label="✗" />,
            })),
            { title: t('rollout.done'), dataIndex: 'done', render: (d: number) => `${d}/${ROLLOUT_ITEMS.length}` },
          ]}
        />
      </Flex>
    </>
  );
}
