import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Input, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type { Compound } from '../../../server/modules/registry/registry.contract.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useUrlSearch } from '../../ui/useUrlSearch.ts';
import { useUser } from '../shell/session.ts';
import { useMode } from '../tenure/hooks.ts';
import { TENURE_READERS } from '../tenure/roles.ts';
import { TenuresDrawer } from '../tenure/TenuresDrawer.tsx';
import { useBuildingsOf, useCommunityNames, useCompoundList, useGridCodes } from './hooks.ts';

type CompoundRow = Static<typeof Compound.View>;
const PAGE_SIZE = 20;

/** Today's service mode of one compound; a direct-service compound stands out in red. */
function ModeTag({ compoundId }: { compoundId: number }) {
  const { t } = useTranslation('tenure');
  const mode = useMode(compoundId);
  if (!mode.data) return null;
  const { mode: m, reason } = mode.data;
  // An agent compound has one reason (its company collects); a direct one says why it is direct.
  return <Tag color={m === 'direct' ? 'red' : 'blue'}>{m === 'direct' ? `${t('mode.direct')} · ${t(`reason.${reason}`)}` : t('mode.agent')}</Tag>;
}

function Buildings({ compoundId }: { compoundId: number }) {
  const { t } = useTranslation('registry');
  const buildings = useBuildingsOf(compoundId);
  const grids = useGridCodes();
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      loading={buildings.isLoading}
      dataSource={buildings.data?.items}
      columns={[
        { title: t('compounds.building'), dataIndex: 'name' },
        { title: t('compounds.grid'), dataIndex: 'gridId', render: (id: number) => grids.data?.get(id) ?? id },
      ]}
    />
  );
}

/** Compounds with their community, buildings (expand a row) and today's service mode. */
export default function CompoundsPage() {
  const { t } = useTranslation('registry');
  const seesTenures = TENURE_READERS.includes(useUser().role);
  const { q, page, set } = useUrlSearch();
  const compounds = useCompoundList({ q: q || undefined, page, pageSize: PAGE_SIZE });
  const communities = useCommunityNames();
  const [tenuresOf, setTenuresOf] = useState<{ id: number; name: string }>();

  return (
    <>
      <PageHeader title={t('compounds.title')} subtitle={t('compounds.subtitle')} />
      <Input.Search
        allowClear
        defaultValue={q}
        placeholder={t('compounds.search')}
        aria-label={t('compounds.search')}
        onSearch={(v) => set({ q: v.trim() })}
        style={{ width: 280, marginBottom: 16 }}
      />
      <Table<CompoundRow>
        rowKey="id"
        loading={compounds.isFetching}
        dataSource={compounds.data?.items}
        scroll={{ x: 900 }}
        expandable={{ expandedRowRender: (c) => <Buildings compoundId={c.id} /> }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: compounds.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (count) => t('compounds.total', { count }),
          onChange: (p) => set({ q, page: p }),
        }}
        columns={[
          { title: t('compounds.columns.name'), dataIndex: 'name' },
          { title: t('compounds.columns.address'), dataIndex: 'address' },
          { title: t('compounds.columns.community'), dataIndex: 'communityId', render: (id: number) => communities.data?.get(id) ?? id },
          { title: t('compounds.columns.mode'), key: 'mode', render: (_, c) => <ModeTag compoundId={c.id} /> },
          {
            title: t('compounds.columns.actions'),
            key: 'actions',
            render: (_, c) => (
              <Space>
                <Link to={`/registry/households?compoundId=${c.id}`}>{t('compounds.households')}</Link>
                {seesTenures && (
                  <Button type="link" size="small" onClick={() => setTenuresOf({ id: c.id, name: c.name })}>
                    {t('compounds.tenures')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <TenuresDrawer compound={tenuresOf} onClose={() => setTenuresOf(undefined)} />
    </>
  );
}
