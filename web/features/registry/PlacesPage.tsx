import { useState, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Button, Input, Space, Table, Tabs } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useUrlSearch } from '../../ui/useUrlSearch.ts';
import { useUser } from '../shell/session.ts';
import { AssignmentsDrawer } from './AssignmentsDrawer.tsx';
import { ENTITY_FIELDS, ENTITY_PATHS, isEntityPath, rowLabel, type EntityPath, type EntityRow, type FieldDef } from './entities.ts';
import { EntityDrawer } from './EntityDrawer.tsx';
import { useEntityList, useFieldWorkers } from './places.hooks.ts';
import { RefName } from './RefSelect.tsx';
import { REGISTRY_WRITERS } from './roles.ts';

const PAGE_SIZE = 20;

function useColumns(path: EntityPath, editable: boolean): ColumnsType<EntityRow> {
  const { t } = useTranslation('registry');
  const workers = useFieldWorkers(editable && path === 'crews');
  const names = new Map(workers.data?.items.map((w) => [w.id, w.name]));
  const cell = (f: FieldDef) => (value: unknown): ReactNode => {
    // The entity endpoints return scalars only: text, numbers, enum words and ids.
    if (typeof value !== 'string' && typeof value !== 'number') return '—';
    if (f.kind === 'ref') return <RefName path={f.ref} id={value} />;
    if (f.kind === 'enum') return t(`places.options.${value}` as 'places.options.primary');
    if (f.kind === 'fieldWorker') return names.get(Number(value)) ?? `#${value}`;
    return value;
  };
  return ENTITY_FIELDS[path].map((f) => ({ key: f.name, dataIndex: f.name, title: t(`places.fields.${f.name}` as 'places.fields.name'), render: cell(f) }));
}

/**
 * The organisation (branches, sections, crews, grids with their stewards), the civil side
 * (subdistricts, communities) and the physical network (compounds, stations, buildings,
 * entrances, pipe segments): browse and search every kind, and for the office create and edit.
 * Households have their own page; this one keeps everything they hang from.
 */
export default function PlacesPage() {
  const { t } = useTranslation('registry');
  const navigate = useNavigate();
  const { kind } = useParams();
  const path: EntityPath = isEntityPath(kind) ? kind : 'compounds';
  const editable = REGISTRY_WRITERS.includes(useUser().role);
  const { q, page, set } = useUrlSearch();
  const list = useEntityList(path, { q: q || undefined, page, pageSize: PAGE_SIZE });
  const [editing, setEditing] = useState<{ row?: EntityRow }>();
  const [gridOf, setGridOf] = useState<{ id: number; label: string }>();
  const columns = useColumns(path, editable);

  const actions: ColumnsType<EntityRow> = [
    {
      key: 'actions',
      title: t('compounds.columns.actions'),
      fixed: 'right',
      render: (_, row) => (
        <Space>
          {editable && (
            <Button type="link" size="small" onClick={() => setEditing({ row })}>
              {t('places.edit')}
            </Button>
          )}
          {path === 'grids' && (
            <Button type="link" size="small" onClick={() => setGridOf({ id: row.id, label: rowLabel(row) })}>
              {t('places.stewards')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('places.title')}
        subtitle={t('places.subtitle')}
        extra={
          editable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
              {t('places.create', { entity: t(`places.entities.${path}`) })}
            </Button>
          )
        }
      />
      <Tabs
        activeKey={path}
        onChange={(k) => navigate(`/registry/places/${k}`)}
        items={ENTITY_PATHS.map((p) => ({ key: p, label: t(`places.entities.${p}`) }))}
      />
      <Input.Search
        key={path}
        allowClear
        defaultValue={q}
        placeholder={t('places.search')}
        aria-label={t('places.search')}
        onSearch={(v) => set({ q: v.trim() })}
        style={{ width: 280, marginBottom: 16 }}
      />
      <Table<EntityRow>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items}
        scroll={{ x: 900 }}
        columns={[{ key: 'id', dataIndex: 'id', title: 'ID', width: 80 }, ...columns, ...actions]}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (count) => t('places.total', { count }),
          onChange: (p) => set({ q, page: p }),
        }}
      />
      <EntityDrawer path={path} row={editing?.row} open={editing !== undefined} onClose={() => setEditing(undefined)} />
      <AssignmentsDrawer grid={gridOf} editable={editable} onClose={() => setGridOf(undefined)} />
    </>
  );
}
