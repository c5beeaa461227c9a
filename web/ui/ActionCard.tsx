import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Card, Flex, Tag, Typography, theme } from 'antd';

interface Props {
  icon: ReactNode;
  title: string;
  description: string;
  /** Where the card leads; without it the card shows `unavailableLabel` and leads nowhere. */
  to?: string | undefined;
  unavailableLabel: string;
}

/** A big, tappable card for a phone home screen: icon, title, one line of explanation. */
export function ActionCard({ icon, title, description, to, unavailableLabel }: Props) {
  const { token } = theme.useToken();
  const body = (
    <Card hoverable={to !== undefined} style={{ height: '100%' }}>
      <Flex gap={16} align="center">
        <span style={{ fontSize: token.fontSizeHeading2, color: token.colorPrimary, lineHeight: 1 }} aria-hidden>
          {icon}
        </span>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
            {!to && (
              <Tag style={{ marginInlineStart: 8, verticalAlign: 'middle' }}>{unavailableLabel}</Tag>
            )}
          </Typography.Title>
          <Typography.Text type="secondary">{description}</Typography.Text>
        </div>
      </Flex>
    </Card>
  );
  return to ? (
    <Link to={to} style={{ display: 'block', height: '100%' }}>
      {body}
    </Link>
  ) : (
    <div aria-disabled="true" style={{ height: '100%' }}>
      {body}
    </div>
  );
}
