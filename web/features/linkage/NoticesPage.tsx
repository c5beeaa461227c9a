import { App, Button, Card, Flex, Form, Input, Result, Select } from 'antd';
import { RefSelect } from '../registry/RefSelect.tsx';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NOTICE_SCOPES, type NoticeView, type SendNotice } from '../../../server/modules/linkage/linkage.contract.ts';
import { ApiError } from '../../api.ts';
import { useApplyFieldErrors, useProblemText } from '../../ui/formErrors.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { useCommunities, useCompounds } from '../steward/hooks.ts';
import { useSendNotice } from './hooks.ts';

interface Values {
  scopeKind: SendNotice['scopeKind'];
  communityId?: number;
  compoundId?: number;
  scopeId?: number;
  title: string;
  body: string;
}

/**
 * Broadcast a notice (outage, Q&A session, where to pay) by SMS and in-app: compounds and
 * communities are picked by name; a station or grid by typing part of its name or code.
 */
export default function NoticesPage() {
  const { t } = useTranslation('linkage');
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('scopeKind', form);
  const communityId = Form.useWatch('communityId', form);
  const communities = useCommunities();
  const compounds = useCompounds(kind === 'compound' ? communityId : undefined);
  const send = useSendNotice();
  const apply = useApplyFieldErrors();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const problemText = useProblemText();
  const [sent, setSent] = useState<NoticeView>();
  const scopeIdOf = (v: Values) => (v.scopeKind === 'community' ? v.communityId : v.scopeKind === 'compound' ? v.compoundId : v.scopeId);
  return (
    <>
      <PageHeader title={t('notice.send')} />
      <Flex vertical gap={16} style={{ maxWidth: 640 }}>
        {sent && <Result status="success" title={t('notice.sent', { n: sent.households })} subTitle={t('notice.delivery', { sms: sent.smsSent, inapp: sent.inappSent })} data-testid="notice-sent" />}
        <Card size="small">
          <Form form={form} layout="vertical" initialValues={{ scopeKind: 'compound' }}
            onFinish={(v) => send.mutate({ scopeKind: v.scopeKind, scopeId: scopeIdOf(v)!, title: v.title, body: v.body }, {
              onSuccess: (n) => { setSent(n); form.resetFields(['title', 'body']); },
              onError: (e) => {
                // The server names scopeId; the person picked a compound, community, station or grid.
                if (e instanceof ApiError) {
                  const field = kind === 'community' ? 'communityId' : kind === 'compound' ? 'compoundId' : 'scopeId';
                  form.setFields(e.fieldProblems.filter((p) => p.field === 'scopeId').map((p) => ({ name: field, errors: [problemText(p)] })));
                  const rest = apply(form, e).filter((r) => !r.startsWith('scopeId'));
                  if (rest.length || !e.fieldProblems.length) void message.error(errorText(e));
                } else void message.error(errorText(e));
              },
            })}>
            <Form.Item name="scopeKind" label={t('notice.scopeKind')} rules={[{ required: true }]}>
              <Select options={NOTICE_SCOPES.map((k) => ({ value: k, label: t(`notice.scope.${k}`) }))} onChange={() => setSent(undefined)} />
            </Form.Item>
            {(kind === 'community' || kind === 'compound') && (
              <Form.Item name="communityId" label={t('notice.scope.community')} rules={[{ required: true }]}>
                <Select showSearch={{ optionFilterProp: 'label' }} loading={communities.isLoading} onChange={() => form.setFieldValue('compoundId', undefined)}
                  options={(communities.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
              </Form.Item>
            )}
            {kind === 'compound' && (
              <Form.Item name="compoundId" label={t('notice.scope.compound')} rules={[{ required: true }]}>
                <Select disabled={!communityId} options={(compounds.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
              </Form.Item>
            )}
            {(kind === 'station' || kind === 'grid') && (
              <Form.Item name="scopeId" label={t(`notice.scope.${kind}`)} rules={[{ required: true }]}>
                <RefSelect key={kind} path={kind === 'station' ? 'stations' : 'grids'} />
              </Form.Item>
            )}
            <Form.Item name="title" label={t('notice.title')} rules={[{ required: true, whitespace: true }]}><Input maxLength={60} /></Form.Item>
            <Form.Item name="body" label={t('notice.body')} rules={[{ required: true, whitespace: true }]}><Input.TextArea rows={4} maxLength={500} showCount /></Form.Item>
            <Button type="primary" htmlType="submit" loading={send.isPending}>{t('notice.send')}</Button>
          </Form>
        </Card>
      </Flex>
    </>
  );
}
