import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, NotificationOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ArrearsRow, ValveState } from '../../../server/modules/billing/arrears.contract.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { formatFen } from '../../ui/money.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useSession } from '../shell/session.ts';
import { useCompoundList, useGridCodes } from '../registry/hooks.ts';
import { arrearsExportUrl, useArrears, useSendReminders, type ArrearsFilter } from './agent.hooks.ts';
import { seasonOf } from './hooks.ts';

const VALVE_COLOR: Record<ValveState, string> = { open: 'default', close_pending: 'orange', closed: 'red', reopen_pending: 'blue' };

/** Recent seasons, newest first: arrears are chased into the following year. */
function recentSeasons(): string[] {
  const current = Number(seasonOf(new Date()).slice(0, 4));
  return [0, 1, 2].map((back) => `${current - back}-${String((current - back + 1) % 100).padStart(2, '0')}`);
}

/**
 * Arrears by compound and grid (clerk: branch, steward: own grid, liaison: community), with
 * reminder counts and valve state; the clerk sends reminders to the selection or the whole list.
 */
export default function ArrearsPage() {
  const { t, i18n } = useTranslation('billing');
  const { message } = App.useApp();
  const errorText = useErrorText();
  const session = useSession();
  const isOffice = session.data?.role === 'clerk' || session.data?.role === 'admin';
  const [filter, setFilter] = useState<ArrearsFilter>({ page: 1, pageSize: 50 });
  const [selected, setSelected] = useState<number[]>([]);
  const arrears = useArrears(filter);
  const compounds = useCompoundList();
  const grids = useGridCodes();
  const remind = useSendReminders();
  const money = (fen: number) => formatFen(fen, i18n.language);
  const data = arrears.data;
  const change = (next: Partial<ArrearsFilter>) => {
    setSelected([]);
    setFilter((f) => ({ ...f, ...next, page: next.page ?? 1 }));
  };
  const send = (householdIds?: number[]) =>
    remind.mutate(
      { ...(filter.season && { season: filter.season }), ...(householdIds ? { householdIds } : { ...(filter.compoundId && { compoundId: filter.compoundId }), ...(filter.gridId && { gridId: filter.gridId }) }) },
      {
        onSuccess: (r) => {
          setSelected([]);
          void message.success(t('arrears.sent', { reminded: r.reminded, already: r.alreadyToday, noPhone: r.withoutPhone, tasks: r.valveCloseTasks }));
        },
        onError: (err) => void message.error(errorText(err)),
      },
    );
  const count = selected.length || data?.total || 0;

  return (
    <div style={{ maxWidth: 1300 }}>
      <PageHeader
        title={t('arrears.title')}
        subtitle={t('arrears.subtitle', { n: data?.remindersBeforeValveClose ?? 2 })}
        extra={
          <>
            <Button icon={<DownloadOutlined />} href={arrearsExportUrl(filter)} download>{t('arrears.export')}</Button>
            {isOffice && (
              <Popconfirm title={t('arrears.remindConfirm', { count })} onConfirm={() => send(selected.length ? selected : undefined)} disabled={count === 0}>
                <Button type="primary" icon={<NotificationOutlined />} loading={remind.isPending} disabled={count === 0}>
                  {selected.length ? t('arrears.remindSelected', { count: selected.length }) : t('arrears.remindAll')}
                </Button>
              </Popconfirm>
            )}
          </>
        }
      />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 12 }}>
          <Select
            aria-label={t('arrears.season')}
            style={{ width: 140 }}
            value={filter.season ?? data?.season}
            options={recentSeasons().map((s) => ({ value: s, label: s }))}
            onChange={(season: string) => change({ season })}
          />
          <Select
            aria-label={t('arrears.compound')}
            placeholder={t('arrears.compound')}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 220 }}
            value={filter.compoundId}
            options={(compounds.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
            onChange={(compoundId?: number) => change({ compoundId })}
          />
          <Select
            aria-label={t('arrears.grid')}
            placeholder={t('arrears.grid')}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 200 }}
            value={filter.gridId}
            options={[...(grids.data ?? new Map<number, string>())].map(([value, label]) => ({ value, label }))}
            onChange={(gridId?: number) => change({ gridId })}
          />
          {data && (
            <Typography.Text type="secondary" style={{ alignSelf: 'center' }} data-testid="arrears-total">
              {data.windowEnd && `${t('arrears.windowEnd', { date: data.windowEnd })} · `}
              {t('arrears.total', { count: data.total, amount: money(data.totalOwedFen) })}
            </Typography.Text>
          )}
        </Flex>
        {arrears.error && <Alert type="error" showIcon title={errorText(arrears.error)} style={{ marginBottom: 12 }} />}
        <Table<ArrearsRow>
          rowKey="householdId"
          size="small"
          loading={arrears.isFetching}
          dataSource={data?.items ?? []}
          locale={{ emptyText: t('arrears.none') }}
          scroll={{ x: 'max-content' }}
          rowSelection={isOffice ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) } : undefined}
          pagination={{
            current: filter.page,
            pageSize: filter.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            onChange: (page, pageSize) => change({ page, pageSize }),
          }}
          columns={[
            { title: t('arrears.compound'), dataIndex: 'compoundName' },
            { title: t('arrears.grid'), dataIndex: 'gridCode' },
            { title: t('arrears.accountNo'), dataIndex: 'accountNo' },
            { title: t('arrears.holder'), dataIndex: 'holderName' },
            { title: t('arrears.address'), dataIndex: 'address' },
            { title: t('arrears.amount'), dataIndex: 'amountFen', align: 'right', render: money },
            { title: t('arrears.paid'), dataIndex: 'paidFen', align: 'right', render: money },
            { title: t('arrears.owed'), dataIndex: 'owedFen', align: 'right', render: (v: number) => <strong>{money(v)}</strong> },
            { title: t('arrears.reminders'), dataIndex: 'reminders', align: 'right' },
            { title: t('arrears.lastReminded'), dataIndex: 'lastRemindedOn', render: (d: string | null) => d ?? '—' },
            { title: t('arrears.valve'), dataIndex: 'valve', render: (v: ValveState) => <Tag color={VALVE_COLOR[v]}>{t(`arrears.valveState.${v}`)}</Tag> },
          ]}
        />
      </Card>
    </div>
  );
}
