import type { ReactNode } from 'react';
import { theme } from 'antd';

export interface TabItem {
  key: string;
  icon: ReactNode;
  label: string;
}

interface Props {
  items: TabItem[];
  activeKey: string | undefined;
  onSelect: (key: string) => void;
  ariaLabel: string;
}

/**
 * A phone's bottom tab bar: thumbs reach the bottom of the screen, and icons with words under
 * them are easier for first-time users than a hidden menu. Sizes follow the theme tokens so the
 * bar grows with large-text mode. Callers reserve `phoneTabBarHeight` at the bottom of the page.
 */
export function PhoneTabBar({ items, activeKey, onSelect, ariaLabel }: Props) {
  const { token } = theme.useToken();
  return (
    <nav
      aria-label={ariaLabel}
      style={{
        position: 'fixed',
        insetInline: 0,
        bottom: 0,
        zIndex: 100,
        display: 'flex',
        background: token.colorBgContainer,
        borderTop: `1px solid ${token.colorBorderSecondary}`,
        paddingBottom: 'env(safe-area-inset-bottom)',
      }}
    >
      {items.map((item) => {
        const active = item.key === activeKey;
        return (
          <button
            key={item.key}
            type="button"
            aria-current={active ? 'page' : undefined}
            onClick={() => onSelect(item.key)}
            style={{
              flex: 1,
              minHeight: phoneTabBarHeight(token.fontSize),
              border: 'none',
              background: 'none',
              cursor: 'pointer',
              display: 'flex',
              flexDirection: 'column',
              alignItems: 'center',
              justifyContent: 'center',
              gap: 2,
              color: active ? token.colorPrimary : token.colorTextSecondary,
              fontSize: token.fontSizeSM,
              fontWeight: active ? 600 : 400,
            }}
          >
            <span style={{ fontSize: token.fontSizeXL }} aria-hidden>
              {item.icon}
            </span>
            {item.label}
          </button>
        );
      })}
    </nav>
  );
}

/** Height of the bar for a base font size (56 px at antd's default 14 px). */
export function phoneTabBarHeight(fontSize: number): number {
  return Math.round(fontSize * 4);
}
