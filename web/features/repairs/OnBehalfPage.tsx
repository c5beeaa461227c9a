import { useState } from 'react';
import { Alert, Button, Card, Empty, Flex, Input, Result, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OnBehalfHit } from '../../../server/modules/repairs/on-behalf.contract.ts';
import type { RequestDetail } from '../../../server/modules/repairs/repairs.contract.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useUrlSearch } from '../../ui/useUrlSearch.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useUser } from '../shell/session.ts';
import { useOnBehalfSearch } from './desk.hooks.ts';
import { OnBehalfForm } from './OnBehalfForm.tsx';
import { OnBehalfHitCard } from './OnBehalfHitCard.tsx';
import { RequestView } from './RequestView.tsx';

/**
 * 代报: a dispatcher on a hotline or 12345 call, or a community liaison beside an elderly
 * resident. One search box (account number, phone or address, as the caller says it), the
 * household with the steward who will get the request, then the fault and the caller.
 */
export default function OnBehalfPage() {
  const { t } = useTranslation('repairs');
  const errorText = useErrorText();
  const me = useUser();
  const url = useUrlSearch();
  const [text, setText] = useState(url.q);
  const search = useOnBehalfSearch(url.q);
  const [chosen, setChosen] = useState<OnBehalfHit>();
  const [sent, setSent] = useState<RequestDetail>();

  const restart = () => {
    setSent(undefined);
    setChosen(undefined);
    setText('');
    url.set({});
  };

  if (sent) {
    return (
      <div style={{ maxWidth: 720 }}>
        <Result status="success" title={t('desk.onBehalf.sent')} style={{ padding: '8px 0 16px' }} />
        <Card>
          <RequestView request={sent} showTimeline={false} />
        </Card>
        <Button size="large" type="primary" style={{ marginTop: 16 }} onClick={restart}>
          {t('desk.onBehalf.another')}
        </Button>
      </div>
    );
  }

  const hits = search.data?.items ?? [];
  return (
    <div style={{ maxWidth: 720 }}>
      <PageHeader title={t('desk.onBehalf.title')} subtitle={t('desk.onBehalf.subtitle')} />
      {chosen ? (
        <Flex vertical gap={16}>
          <OnBehalfHitCard hit={chosen} chosen />
          <Button onClick={() => setChosen(undefined)} style={{ alignSelf: 'flex-start' }}>
            {t('desk.onBehalf.change')}
          </Button>
          <Card>
            <OnBehalfForm hit={chosen} liaison={me.role === 'liaison'} onSent={setSent} />
          </Card>
        </Flex>
      ) : (
        <Flex vertical gap={12}>
          <Input.Search
            aria-label={t('desk.onBehalf.search')}
            placeholder={t('desk.onBehalf.searchPlaceholder')}
            enterButton={t('desk.onBehalf.searchButton')}
            size="large"
            allowClear
            autoFocus
            value={text}
            maxLength={64}
            loading={search.isFetching}
            onChange={(e) => setText(e.target.value)}
            onSearch={(q) => url.set({ q: q.trim() })}
          />
          {url.q.trim().length > 0 && url.q.trim().length < 2 && <Typography.Text type="secondary">{t('desk.onBehalf.searchHint')}</Typography.Text>}
          {search.error && <Alert type="error" showIcon title={errorText(search.error)} />}
          {search.isLoading && <Spin />}
          {search.data && hits.length === 0 && <Empty description={t('desk.onBehalf.noHits')} />}
          {search.data && search.data.total > hits.length && (
            <Alert type="info" showIcon title={t('desk.onBehalf.more', { total: search.data.total, shown: hits.length })} />
          )}
          {hits.map((hit) => (
            <OnBehalfHitCard key={hit.householdId} hit={hit} onChoose={() => setChosen(hit)} />
          ))}
        </Flex>
      )}
    </div>
  );
}
