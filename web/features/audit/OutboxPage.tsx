import { useSearchParams } from 'react-router';
import { Flex, Input, Select, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { OutboxMessageView, OutboxQuery } from '../../../server/modules/audit/audit.contract.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useOutbox } from './hooks.ts';

const PAGE_SIZE = 20;
type Channel = NonNullable<OutboxQuery['channel']>;
const CHANNELS: Channel[] = ['sms', 'wechat', 'inapp'];
const CHANNEL_COLORS: Record<string, string> = { sms: 'green', wechat: 'cyan', inapp: 'purple' };

/**
 * What the system would have sent: with the development providers nothing leaves the machine,
 * so this is where a tester reads a resident's sign-in code or a reminder's wording.
 */
export default function OutboxPage() {
  const { t } = useTranslation('audit');
  const [params, setParams] = useSearchParams();
  const channel = CHANNELS.find((c) => c === params.get('channel'));
  const recipient = params.get('recipient') || undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const outbox = useOutbox({ channel, recipient, page, pageSize: PAGE_SIZE });

  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page') next.delete('page');
    setParams(next, { replace: true });
  };
  const channelLabel = (c: string) => (CHANNELS.includes(c as Channel) ? t(`outbox.channels.${c as Channel}`) : c);

  return (
    <>
      <PageHeader title={t('outbox.title')} subtitle={t('outbox.subtitle')} />
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Select
          allowClear
          value={channel}
          placeholder={t('outbox.allChannels')}
          aria-label={t('outbox.channel')}
          onChange={(v?: string) => set('channel', v)}
          options={CHANNELS.map((c) => ({ value: c, label: channelLabel(c) }))}
          style={{ width: 160 }}
        />
        <Input.Search
          allowClear
          defaultValue={recipient}
          placeholder={t('outbox.recipient')}
          aria-label={t('outbox.recipient')}
          onSearch={(v) => set('recipient', v.trim() || undefined)}
          style={{ width: 240 }}
        />
      </Flex>
      <Table<OutboxMessageView>
        rowKey="id"
        size="middle"
        loading={outbox.isFetching}
        dataSource={outbox.data?.items}
        scroll={{ x: 900 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: outbox.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (count) => t('outbox.total', { count }),
          onChange: (p) => set('page', String(p)),
        }}
        columns={[
          { title: t('outbox.columns.createdAt'), dataIndex: 'createdAt', width: 170, render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm:ss') },
          { title: t('outbox.columns.channel'), dataIndex: 'channel', width: 90, render: (c: string) => <Tag color={CHANNEL_COLORS[c]}>{channelLabel(c)}</Tag> },
          { title: t('outbox.columns.recipient'), dataIndex: 'recipient', width: 130 },
          { title: t('outbox.columns.template'), dataIndex: 'template', width: 140 },
          { title: t('outbox.columns.body'), dataIndex: 'body' },
          { title: t('outbox.columns.status'), dataIndex: 'status', width: 90 },
          { title: t('outbox.columns.provider'), dataIndex: 'provider', width: 110 },
        ]}
      />
    </>
  );
}
