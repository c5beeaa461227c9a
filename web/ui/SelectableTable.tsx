import { Button, Table, type ButtonProps, type TableProps } from 'antd';
import { useState, type ReactNode } from 'react';

type Props<T extends { id: number }> = Omit<TableProps<T>, 'rowKey' | 'dataSource' | 'onRow' | 'rowClassName'> & {
  items: T[];
  /** The row whose detail shows before anyone clicks one; the first row when not given. */
  initial?: (items: T[]) => T | undefined;
  /** What stands under the table for the chosen row. */
  detail: (id: number) => ReactNode;
};

/**
 * A short list whose rows choose the detail shown beneath it: a click picks a row and the
 * picked row stays highlighted. Before any click a default row is shown, so the detail area is
 * not empty on arrival.
 */
export function SelectableTable<T extends { id: number }>({ items, initial = (rows) => rows[0], detail, ...table }: Props<T>) {
  const [selected, setSelected] = useState<number>();
  const shown = selected ?? initial(items)?.id;
  return (
    <>
      <Table<T>
        size="small"
        pagination={false}
        {...table}
        rowKey="id"
        dataSource={items}
        rowClassName={(row) => (row.id === shown ? 'ant-table-row-selected' : '')}
        onRow={(row) => ({ onClick: () => setSelected(row.id) })}
      />
      {shown !== undefined && detail(shown)}
    </>
  );
}

/** A small button inside a SelectableTable row: pressing it acts without also picking the row. */
export function RowButton({ onClick, ...props }: ButtonProps) {
  return (
    <Button
      size="small"
      {...props}
      onClick={(e) => {
        e.stopPropagation();
        onClick?.(e);
      }}
    />
  );
}
