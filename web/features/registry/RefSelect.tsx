import { useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { rowLabel, type EntityPath } from './entities.ts';
import { useEntityList, useEntityRow } from './places.hooks.ts';

interface Props {
  path: EntityPath;
  value?: number | null;
  onChange?: (value: number | null) => void;
  id?: string;
  allowClear?: boolean;
  /** Only rows under a parent, e.g. { compoundId: 7 } for the buildings of one compound. */
  filter?: Record<string, number>;
  disabled?: boolean;
}

/**
 * Pick a registry row by typing part of its name or code. A city has thousands of buildings, so
 * the options are a server search (20 at a time), not a preloaded list; the chosen row is fetched
 * by id so an existing value shows its name before anyone types.
 */
export function RefSelect({ path, value, onChange, id, allowClear, filter, disabled }: Props) {
  const { t } = useTranslation('registry');
  const [q, setQ] = useState('');
  const options = useEntityList(path, { q: q || undefined, pageSize: 20, ...filter }, !disabled);
  const current = useEntityRow(path, value ?? undefined);
  const items = options.data?.items ?? [];
  const withCurrent = current.data && !items.some((r) => r.id === current.data.id) ? [current.data, ...items] : items;
  return (
    <Select<number>
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear={allowClear}
      disabled={disabled}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      loading={options.isFetching}
      placeholder={t('places.typeToSearch')}
      notFoundContent={options.isFetching ? undefined : t('places.nothingFound')}
      options={withCurrent.map((r) => ({ value: r.id, label: rowLabel(r) }))}
    />
  );
}

/** A reference in a table cell: the row's name, or its id while loading. */
export function RefName({ path, id }: { path: EntityPath; id: unknown }) {
  const row = useEntityRow(path, typeof id === 'number' ? id : undefined);
  if (typeof id !== 'number') return null;
  return <>{row.data ? rowLabel(row.data) : `#${id}`}</>;
}
