import { Button, Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OnBehalfHit } from '../../../server/modules/repairs/on-behalf.contract.ts';
import { StatusTag } from './format.tsx';

/** One household the search found: where it is, who would get the request, what it has open. */
export function OnBehalfHitCard({ hit, onChoose, chosen = false }: { hit: OnBehalfHit; onChoose?: () => void; chosen?: boolean }) {
  const { t } = useTranslation('repairs');
  return (
    <Card size="small" data-testid="on-behalf-hit" styles={chosen ? { body: { background: 'var(--ant-color-primary-bg)' } } : undefined}>
      <Flex vertical gap={8}>
        <Typography.Text strong style={{ fontSize: '1.1em' }}>
          {hit.address}
        </Typography.Text>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('desk.onBehalf.holder')}>
            {hit.holderName} · {hit.accountNo}
          </Descriptions.Item>
          <Descriptions.Item label={t('desk.onBehalf.phone')}>{hit.phone ?? '–'}</Descriptions.Item>
          <Descriptions.Item label={t('desk.onBehalf.community')}>{hit.communityName}</Descriptions.Item>
          <Descriptions.Item label={t('desk.onBehalf.grid')}>{hit.gridCode}</Descriptions.Item>
          <Descriptions.Item label={t('desk.onBehalf.goesTo')}>
            {hit.assignee ? (
              <span data-testid="goes-to">
                <Typography.Text strong>{hit.assignee.name}</Typography.Text>（{t(`desk.onBehalf.via.${hit.assignee.via}`)}）
                {hit.assignee.phone && ` ${hit.assignee.phone}`}
              </span>
            ) : (
              <Typography.Text type="danger">{t('desk.onBehalf.nobody')}</Typography.Text>
            )}
          </Descriptions.Item>
        </Descriptions>
        {hit.openRequests.length > 0 && (
          <Flex gap={6} wrap align="center">
            <Typography.Text type="warning">{t('desk.onBehalf.openAlready')}：</Typography.Text>
            {hit.openRequests.map((r) => (
              <Tag key={r.id}>
                #{r.id} {t(`category.${r.category}`)} <StatusTag status={r.status} />
              </Tag>
            ))}
          </Flex>
        )}
        {onChoose && (
          <Button type="primary" size="large" onClick={onChoose} disabled={!hit.assignee}>
            {t('desk.onBehalf.choose')}
          </Button>
        )}
      </Flex>
    </Card>
  );
}
