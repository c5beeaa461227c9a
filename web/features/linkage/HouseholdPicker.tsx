import { Select } from 'antd';
import { useState } from 'react';
import { useHouseholds } from '../registry/hooks.ts';

interface Props {
  /** Given by Form.Item, so the field's label points at the search box. */
  id?: string;
  value?: number;
  onChange?: (id: number) => void;
  placeholder?: string;
}

/**
 * Pick a household by typing what people know: account number, phone digits or address. The
 * registry's own search answers, so each person finds only the households they may see.
 */
export function HouseholdPicker({ id, value, onChange, placeholder }: Props) {
  const [q, setQ] = useState('');
  const found = useHouseholds(q.trim() ? { q: q.trim(), pageSize: 20 } : { pageSize: 20 });
  return (
    <Select
      id={id}
      showSearch
      filterOption={false}
      value={value}
      placeholder={placeholder}
      onSearch={setQ}
      onChange={(id: number) => onChange?.(id)}
      loading={found.isFetching}
      style={{ width: '100%', minWidth: 240 }}
      options={(found.data?.items ?? []).map((h) => ({ value: h.id, label: `${h.address} · ${h.holderName} · ${h.accountNo}` }))}
    />
  );
}
