import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../server/kernel/actor.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { HOME_BY_ROLE } from '../../nav.tsx';
import { useErrorText } from './errorText.ts';
import { useSession, useUser } from './session.ts';

// The frame (menus, drawer, user menu) is not needed on the sign-in page, which a resident's
// phone opens first: it loads only once somebody is signed in.
const AppLayout = lazy(() => import('./AppLayout.tsx'));

/**
 * The gate to the signed-in part of the app: nobody signed in → the sign-in page, which brings
 * the person back here afterwards (?next=).
 */
export function RequireSession() {
  const { t } = useTranslation('shell');
  const errorText = useErrorText();
  const session = useSession();
  const { pathname, search } = useLocation();
  if (session.isPending) return <Loading label={t('loading')} />;
  if (session.isError) {
    return (
      <ErrorState
        status="error"
        title={t('crashed.title')}
        description={errorText(session.error)}
        actions={<Button onClick={() => void session.refetch()}>{t('crashed.reload')}</Button>}
      />
    );
  }
  if (!session.data) {
    const next = encodeURIComponent(pathname + search);
    return <Navigate to={pathname === '/' ? '/sign-in' : `/sign-in?next=${next}`} replace />;
  }
  return (
    <Suspense fallback={<Loading label={t('loading')} />}>
      <AppLayout />
    </Suspense>
  );
}

/** Pages for some roles only. The server enforces the same; this only avoids a page of 403s. */
export function RoleGate({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { t } = useTranslation('shell');
  const user = useUser();
  if (!roles.includes(user.role)) {
    return <ErrorState status={403} title={t('forbidden.title')} description={t('forbidden.description')} />;
  }
  return children;
}

/** "/" sends each role to its own home page. */
export function RoleHome() {
  const user = useUser();
  return <Navigate to={HOME_BY_ROLE[user.role]} replace />;
}

/** Shown while the first page's code downloads (slow phones on mobile data). */
export function Boot() {
  const { t } = useTranslation('shell');
  return <Loading label={t('loading')} />;
}
