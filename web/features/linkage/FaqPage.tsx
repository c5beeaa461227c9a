import { Card, Collapse, Empty, Flex, Input, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FAQ_TOPICS, type FaqTopic } from '../../../server/modules/linkage/linkage.contract.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useFaq } from './hooks.ts';

/** The public FAQ (no sign-in): answers from Q&A sessions, by topic, searchable, in the UI language. */
export default function FaqPage() {
  const { t, i18n } = useTranslation('linkage');
  const [topic, setTopic] = useState<FaqTopic | 'all'>('all');
  const [q, setQ] = useState('');
  const faq = useFaq(topic === 'all' ? undefined : topic, q);
  const en = i18n.language === 'en';
  return (
    <main style={{ maxWidth: 860, margin: '0 auto', padding: 16 }}>
      <PageHeader title={t('faq.title')} subtitle={t('faq.subtitle')} />
      <Flex vertical gap={12}>
        <Input.Search aria-label={t('faq.search')} placeholder={t('faq.search')} allowClear onSearch={setQ} enterButton />
        <Segmented block options={[{ value: 'all', label: t('faq.all') }, ...FAQ_TOPICS.map((k) => ({ value: k, label: t(`topic.${k}`) }))]} value={topic} onChange={(v) => setTopic(v as FaqTopic | 'all')} />
        <Card size="small" loading={faq.isLoading}>
          {faq.data?.items.length ? (
            <Collapse
              data-testid="faq"
              items={faq.data.items.map((e) => ({
                key: e.id,
                label: en ? e.questionEn : e.questionZh,
                children: (
                  <>
                    <Typography.Paragraph>{en ? e.answerEn : e.answerZh}</Typography.Paragraph>
                    <Typography.Text type="secondary">{t(`topic.${e.topic}`)} · {t('faq.asked', { community: e.community, date: e.askedOn })}</Typography.Text>
                  </>
                ),
              }))}
              defaultActiveKey={faq.data.items.map((e) => e.id)}
            />
          ) : (
            <Empty description={t('faq.empty')} />
          )}
        </Card>
      </Flex>
    </main>
  );
}
