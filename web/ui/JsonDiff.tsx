import { Table, Typography, theme } from 'antd';

interface Labels {
  path: string;
  before: string;
  after: string;
  empty: string;
}

interface Props {
  before: unknown;
  after: unknown;
  labels: Labels;
}

interface Row {
  path: string;
  before: string | undefined;
  after: string | undefined;
  changed: boolean;
}

/** Flatten nested JSON to `a.b.0.c → value` so two snapshots compare line by line. */
function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    if (entries.length === 0) out.set(prefix || '(root)', Array.isArray(value) ? '[]' : '{}');
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (value !== undefined && (value !== null || prefix)) {
    out.set(prefix || '(root)', JSON.stringify(value));
  }
  return out;
}

function diffRows(before: unknown, after: unknown): Row[] {
  const a = flatten(before);
  const b = flatten(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.map((path) => ({ path, before: a.get(path), after: b.get(path), changed: a.get(path) !== b.get(path) }));
}

/** Before/after of a changed record, changed lines highlighted: what an auditor reads first. */
export function JsonDiff({ before, after, labels }: Props) {
  const { token } = theme.useToken();
  const rows = diffRows(before, after);
  const cell = (v: string | undefined) =>
    v === undefined ? <Typography.Text type="secondary">—</Typography.Text> : <Typography.Text code>{v}</Typography.Text>;
  return (
    <Table<Row>
      size="small"
      rowKey="path"
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: labels.empty }}
      onRow={(r) => ({ style: r.changed ? { background: token.colorWarningBg } : {} })}
      columns={[
        { title: labels.path, dataIndex: 'path', width: '30%' },
        { title: labels.before, dataIndex: 'before', render: cell },
        { title: labels.after, dataIndex: 'after', render: cell },
      ]}
    />
  );
}
