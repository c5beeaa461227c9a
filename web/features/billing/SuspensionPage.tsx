import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { useUser } from '../shell/session.ts';
import { useApplySuspension, useSuspensionOutlook } from './points.hooks.ts';
import { STATE_COLOR } from './suspension.format.ts';


/**
 * The resident's 报停 / 复热 page, on a phone: is the change window open, which season an
 * application changes, the household's status for it, one big button, and earlier applications.
 */
export default function SuspensionPage() {
  const { t, i18n } = useTranslation('billing');
  const errorText = useErrorText();
  const user = useUser();
  const householdId = user.scopes.find((s) => s.kind === 'household')?.refId;
  const outlook = useSuspensionOutlook(householdId);
  const apply = useApplySuspension();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  const o = outlook.data;

  if (householdId === undefined) return <ErrorState status="warning" title={t('my.noHousehold')} />;
  if (outlook.isLoading) return <Loading label={t('suspension.title')} />;
  if (!o) return <ErrorState status="error" title={t("loadFailed")} description={outlook.error ? errorText(outlook.error) : undefined} />;

  const kind = o.statusForSeason === 'suspended' ? 'resume' : 'suspend';
  const pending = o.applications.some((a) => a.status === 'pending' && a.season === o.season);
  const submit = () => {
    setProblem(undefined);
    apply.mutate(
      { householdId, kind, ...(reason.trim() && { reason: reason.trim() }) },
      {
        onSuccess: () => setReason(''),
        onError: (err) => setProblem(errorText(err)),
      },
    );
  };

  return (
    <div style={{ maxWidth: 560, marginInline: 'auto' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('suspension.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('suspension.subtitle')}</Typography.Paragraph>
      <Flex vertical gap={12}>
        <Card size="small" data-testid="suspension-outlook">
          <Typography.Paragraph style={{ fontSize: '1.1em' }}>
            {t('suspension.currentStatus', { season: o.season })}
            <Typography.Text strong>{t(`suspension.statusOf.${o.statusForSeason as 'heating' | 'suspended' | 'disconnected'}`)}</Typography.Text>
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary">{t('suspension.window', { start: o.window.start, end: o.window.end })}</Typography.Paragraph>
          {!o.inWindow && (
            <Alert type="info" showIcon title={t('suspension.outsideWindow', { today: o.today, start: o.window.start, end: o.window.end })} />
          )}
          {o.inWindow && o.statusForSeason !== 'disconnected' && !pending && (
            <Form layout="vertical" onFinish={submit}>
              <Typography.Paragraph>{t('suspension.season', { season: o.season })}</Typography.Paragraph>
              <Form.Item label={t('suspension.reason')}>
                <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} autoSize={{ minRows: 2 }} />
              </Form.Item>
              {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
              <Button type="primary" size="large" block htmlType="submit" loading={apply.isPending}>
                {t(kind === 'suspend' ? 'suspension.applySuspend' : 'suspension.applyResume')}
              </Button>
            </Form>
          )}
          {pending && <Alert type="success" showIcon title={t('suspension.submitted')} />}
        </Card>
        <Card size="small" title={t('suspension.mine')} data-testid="my-suspensions">
          <List
            dataSource={o.applications}
            locale={{ emptyText: t('suspension.none') }}
            renderItem={(a) => (
              <List.Item extra={<Tag color={STATE_COLOR[a.status]}>{t(`suspension.state.${a.status}`)}</Tag>}>
                <List.Item.Meta
                  title={`${t(`suspension.kind.${a.kind}`)} · ${t('seasonLabel', { season: a.season })}`}
                  description={[new Date(a.appliedAt).toLocaleString(i18n.language), a.decisionNote].filter(Boolean).join(' · ')}
                />
              </List.Item>
            )}
          />
        </Card>
      </Flex>
    </div>
  );
}
