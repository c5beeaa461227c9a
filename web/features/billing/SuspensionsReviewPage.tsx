import { useState } from 'react';
import { Alert, Button, Card, Flex, Input, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SuspensionView } from '../../../server/modules/billing/suspension.contract.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { useDecideSuspension, useSuspensions } from './points.hooks.ts';
import { STATE_COLOR } from './suspension.format.ts';

/** The clerk's queue of 报停 / 复热 applications of their branch: approve or reject, with a note. */
export default function SuspensionsReviewPage() {
  const { t, i18n } = useTranslation('billing');
  const errorText = useErrorText();
  const [all, setAll] = useState(false);
  const list = useSuspensions(all ? undefined : 'pending');
  const decide = useDecideSuspension();
  const [notes, setNotes] = useState<Record<number, string>>({});
  const [problem, setProblem] = useState<string>();

  const act = (a: SuspensionView, decision: 'approve' | 'reject') => {
    setProblem(undefined);
    const note = notes[a.id]?.trim();
    decide.mutate({ id: a.id, decision, ...(note && { note }) }, { onError: (err) => setProblem(`${a.accountNo}: ${errorText(err)}`) });
  };

  return (
    <div style={{ maxWidth: 1100 }}>
      <PageHeader
        title={t('suspension.review.title')}
        subtitle={t('suspension.review.subtitle')}
        extra={
          <Flex gap={8} align="center">
            <Switch checked={all} onChange={setAll} aria-label={t('suspension.review.showAll')} />
            {t('suspension.review.showAll')}
          </Flex>
        }
      />
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      {list.error && <Alert type="error" showIcon title={errorText(list.error)} />}
      <Card>
        <Table<SuspensionView>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('suspension.review.none') }}
          scroll={{ x: 900 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            {
              title: t('suspension.review.household'),
              key: 'household',
              render: (_, a) => (
                <>
                  <Typography.Text strong>{a.accountNo}</Typography.Text> {a.holderName}
                  <br />
                  <Typography.Text type="secondary">{a.address}</Typography.Text>
                </>
              ),
            },
            { title: t('season'), dataIndex: 'season' },
            { title: t('suspension.title'), dataIndex: 'kind', render: (k: SuspensionView['kind']) => t(`suspension.kind.${k}`) },
            { title: t('suspension.reason'), dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
            { title: t('suspension.review.appliedAt'), dataIndex: 'appliedAt', render: (d: string) => new Date(d).toLocaleString(i18n.language) },
            {
              title: t('suspension.review.note'),
              key: 'decision',
              width: 320,
              render: (_, a) =>
                a.status === 'pending' ? (
                  <Flex vertical gap={6}>
                    <Input
                      size="small"
                      aria-label={`${t('suspension.review.note')} ${a.accountNo}`}
                      value={notes[a.id] ?? ''}
                      onChange={(e) => setNotes((n) => ({ ...n, [a.id]: e.target.value }))}
                      maxLength={500}
                    />
                    <Flex gap={6}>
                      <Button size="small" type="primary" loading={decide.isPending} onClick={() => act(a, 'approve')}>
                        {t('suspension.review.approve')}
                      </Button>
                      <Button size="small" danger loading={decide.isPending} onClick={() => act(a, 'reject')}>
                        {t('suspension.review.reject')}
                      </Button>
                    </Flex>
                  </Flex>
                ) : (
                  <Flex vertical gap={2}>
                    <Tag color={STATE_COLOR[a.status]}>{t(`suspension.state.${a.status}`)}</Tag>
                    {a.decisionNote && <Typography.Text type="secondary">{a.decisionNote}</Typography.Text>}
                  </Flex>
                ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
