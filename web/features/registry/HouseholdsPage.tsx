import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Button, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  CUSTOMER_TYPES,
  HOUSEHOLD_STATUSES,
  type HouseholdFilter,
  type HouseholdView,
} from '../../../server/modules/registry/registry.contract.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useUser } from '../shell/session.ts';
import { m2, STATUS_COLOR } from './format.ts';
import { exportUrl, useCompoundList, useHouseholds } from './hooks.ts';
import { HouseholdDrawer } from './HouseholdDrawer.tsx';
import { NewHouseholdDrawer } from './NewHouseholdDrawer.tsx';
import { REGISTRY_WRITERS } from './roles.ts';

const PAGE_SIZE = 20;

function oneOf<T extends string>(values: readonly T[], v: string | null): T | undefined {
  return (values as readonly string[]).includes(v ?? '') ? (v as T) : undefined;
}

/**
 * The households a person may see, found with one search box (account number, phone or
 * address) and a few filters. Filters live in the URL; the export takes the same filters.
 */
export default function HouseholdsPage() {
  const { t } = useTranslation('registry');
  const canWrite = REGISTRY_WRITERS.includes(useUser().role);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter: HouseholdFilter = {
    q: params.get('q') || undefined,
    compoundId: Number(params.get('compoundId')) || undefined,
    status: oneOf(HOUSEHOLD_STATUSES, params.get('status')),
    customerType: oneOf(CUSTOMER_TYPES, params.get('customerType')),
  };
  const page = Math.max(1, Number(params.get('page')) || 1);
  const households = useHouseholds({ ...filter, page, pageSize: PAGE_SIZE });
  const compounds = useCompoundList();
  const [open, setOpen] = useState<HouseholdView>();
  const [creating, setCreating] = useState(false);

  const setFilter = (changes: Record<string, string | number | undefined>) => {
    // Any new filter starts again at page 1.
    const next = new URLSearchParams(params);
    next.delete('page');
    for (const [k, v] of Object.entries(changes)) {
      if (v !== undefined && v !== '') next.set(k, String(v));
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader
        title={t('households.title')}
        subtitle={t('households.subtitle')}
        extra={
          <>
            <Button icon={<DownloadOutlined />} href={exportUrl(filter)} download>
              {t('households.export')}
            </Button>
            {canWrite && (
              <Button icon={<UploadOutlined />} onClick={() => void navigate('/registry/import')}>
                {t('households.import')}
              </Button>
            )}
            {canWrite && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('newHousehold.create')}
              </Button>
            )}
          </>
        }
      />
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          defaultValue={filter.q}
          placeholder={t('households.search')}
          aria-label={t('households.search')}
          onSearch={(v) => setFilter({ q: v.trim() || undefined })}
          style={{ width: 360 }}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          value={filter.compoundId}
          placeholder={t('households.allCompounds')}
          aria-label={t('households.compound')}
          onChange={(v?: number) => setFilter({ compoundId: v })}
          options={(compounds.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          style={{ width: 200 }}
        />
        <Select
          allowClear
          value={filter.status}
          placeholder={t('households.allStatuses')}
          aria-label={t('households.status')}
          onChange={(v?: string) => setFilter({ status: v })}
          options={HOUSEHOLD_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          style={{ width: 140 }}
        />
        <Select
          allowClear
          value={filter.customerType}
          placeholder={t('households.allTypes')}
          aria-label={t('households.customerType')}
          onChange={(v?: string) => setFilter({ customerType: v })}
          options={CUSTOMER_TYPES.map((c) => ({ value: c, label: t(`customerType.${c}`) }))}
          style={{ width: 140 }}
        />
      </Flex>
      <Table<HouseholdView>
        rowKey="id"
        size="middle"
        loading={households.isFetching}
        dataSource={households.data?.items}
        scroll={{ x: 1000 }}
        onRow={(h) => ({ onDoubleClick: () => setOpen(h) })}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: households.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (count) => t('households.total', { count }),
          onChange: (p) => setFilter({ page: p > 1 ? p : undefined }),
        }}
        columns={[
          { title: t('households.columns.accountNo'), dataIndex: 'accountNo', width: 130, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('households.columns.holder'), dataIndex: 'holderName', width: 100 },
          { title: t('households.columns.phone'), dataIndex: 'phone', width: 130, render: (v: string | null) => v ?? '—' },
          { title: t('households.columns.address'), dataIndex: 'address' },
          { title: t('households.columns.billingArea'), dataIndex: 'billingAreaCm2', width: 130, align: 'right', render: m2 },
          { title: t('households.columns.status'), dataIndex: 'status', width: 80, render: (s: HouseholdView['status']) => <Tag color={STATUS_COLOR[s]}>{t(`status.${s}`)}</Tag> },
          { title: t('households.columns.grid'), dataIndex: 'gridCode', width: 110 },
          {
            title: t('households.columns.actions'),
            key: 'actions',
            width: 80,
            fixed: 'right',
            render: (_, h) => (
              <Button type="link" size="small" onClick={() => setOpen(h)}>
                {t('households.open')}
              </Button>
            ),
          },
        ]}
      />
      <HouseholdDrawer household={open} editable={canWrite} onClose={() => setOpen(undefined)} />
      <NewHouseholdDrawer open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
