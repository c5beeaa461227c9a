import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ConfigProvider, type ThemeConfig } from 'antd';

const STORAGE_KEY = 'hs.largeText';

/**
 * Large-text mode for readers who struggle with small print (many heating customers are elderly):
 * antd derives every size from these seed tokens, so one switch enlarges text and touch targets
 * everywhere. 48 px controls are above the 44 px minimum touch target of the mobile guidelines.
 */
const LARGE: ThemeConfig = { token: { fontSize: 20, controlHeight: 48, sizeStep: 5 } };
const NORMAL: ThemeConfig = {};

interface LargeTextState {
  large: boolean;
  setLarge: (on: boolean) => void;
}

const Ctx = createContext<LargeTextState>({ large: false, setLarge: () => {} });

function stored(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

export function LargeTextProvider({ children }: { children: ReactNode }) {
  const [large, setLargeState] = useState(stored);
  const setLarge = useCallback((on: boolean) => {
    setLargeState(on);
    try {
      localStorage.setItem(STORAGE_KEY, on ? '1' : '0');
    } catch {
      // Storage disabled: keep the mode for this visit only.
    }
  }, []);
  // For the few styles outside antd's tokens (see PhoneTabBar).
  useEffect(() => {
    document.documentElement.dataset.largeText = large ? 'on' : 'off';
  }, [large]);
  const value = useMemo(() => ({ large, setLarge }), [large, setLarge]);
  return (
    <Ctx.Provider value={value}>
      {/* Always the same tree, so switching keeps the page's state (forms, filters). */}
      <ConfigProvider theme={large ? LARGE : NORMAL}>{children}</ConfigProvider>
    </Ctx.Provider>
  );
}

export function useLargeText(): LargeTextState {
  return useContext(Ctx);
}
