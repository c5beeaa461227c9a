import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

interface Props {
  title: ReactNode;
  subtitle?: ReactNode;
  /** Actions on the right; they wrap under the title on narrow screens. */
  extra?: ReactNode;
}

/** The title block every page starts with; the h1 is what screen readers and tests look for. */
export function PageHeader({ title, subtitle, extra }: Props) {
  return (
    <Flex wrap justify="space-between" align="flex-end" gap={12} style={{ marginBottom: 16 }}>
      <div style={{ minWidth: 0 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {subtitle && <Typography.Text type="secondary">{subtitle}</Typography.Text>}
      </div>
      {extra && (
        <Flex wrap gap={8}>
          {extra}
        </Flex>
      )}
    </Flex>
  );
}
