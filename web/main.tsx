import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import enUS from 'antd/es/locale/en_US';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api.ts';
import './i18n.ts';
import { SESSION_KEY } from './features/shell/session.ts';
import { router } from './routes.tsx';
import { LargeTextProvider } from './ui/LargeText.tsx';

/** A 401 anywhere means the session ended (expired, revoked): the guard then sends the person to sign in. */
function onApiError(err: unknown) {
  if (err instanceof ApiError && err.status === 401 && queryClient.getQueryData(SESSION_KEY)) {
    queryClient.setQueryData(SESSION_KEY, null);
  }
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: {
      // A 4xx will not change on retry; a dropped connection on a phone might.
      retry: (failures, err) => failures < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

/** Heating-company orange-red; radius a little rounder than antd's default for a friendlier look. */
const THEME = { token: { colorPrimary: '#d4380d', borderRadius: 8 } };

/** antd's own texts (pagination, date pickers, empty tables) follow the UI language. */
function Localized({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  return (
    // No space forced between two Chinese characters in buttons ("登 录"): names stay as written.
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={THEME} button={{ autoInsertSpace: false }}>
      {children}
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Localized>
        <LargeTextProvider>
          <AntApp>
            <RouterProvider router={router} />
          </AntApp>
        </LargeTextProvider>
      </Localized>
    </QueryClientProvider>
  </StrictMode>,
);
