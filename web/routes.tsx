import type { ComponentType } from 'react';
import { createBrowserRouter, matchRoutes, type RouteObject } from 'react-router';
import type { Role } from '../server/kernel/actor.ts';
import { STAFF_ROLES } from './nav.tsx';
import ErrorPage from './features/shell/ErrorPage.tsx';
import { REGISTRY_READERS, REGISTRY_WRITERS } from './features/registry/roles.ts';
import { TENURE_READERS } from './features/tenure/roles.ts';
import { Boot, RequireSession, RoleGate, RoleHome } from './features/shell/guards.tsx';

/**
 * Every route of the web app, in one place. Each page is its own lazily loaded chunk, so a
 * resident's phone downloads the sign-in and home pages and never the office's tables. A
 * feature adds a line here (and, if it has a menu entry, one in nav.tsx).
 */
type PageModule = { default: ComponentType };

function page(load: () => Promise<PageModule>, roles?: readonly Role[]) {
  return async () => {
    const { default: Page } = await load();
    if (!roles) return { Component: Page };
    return {
      Component: () => (
        <RoleGate roles={roles}>
          <Page />
        </RoleGate>
      ),
    };
  };
}

const ADMIN: Role[] = ['admin'];

const routes: RouteObject[] = [
  {
    path: '/',
    errorElement: <ErrorPage />,
    hydrateFallbackElement: <Boot />,
    children: [
      { path: 'sign-in', lazy: page(() => import('./features/accounts/SignInPage.tsx')) },
      { path: 'steward', lazy: page(() => import('./features/steward/PublicStewardPage.tsx')) },
      {
        // Everything below needs a signed-in account and renders inside the app frame.
        Component: RequireSession,
        children: [
          { index: true, Component: RoleHome },
          { path: 'home', lazy: page(() => import('./features/accounts/ResidentHome.tsx'), ['resident']) },
          { path: 'dashboard', lazy: page(() => import('./features/accounts/StaffHome.tsx'), STAFF_ROLES) },
          { path: 'admin/users', lazy: page(() => import('./features/accounts/UsersPage.tsx'), ADMIN) },
          { path: 'admin/audit', lazy: page(() => import('./features/audit/AuditPage.tsx'), ADMIN) },
          { path: 'admin/outbox', lazy: page(() => import('./features/audit/OutboxPage.tsx'), ADMIN) },
          { path: 'admin/rulebook', lazy: page(() => import('./features/rulebook/RulebookPage.tsx'), ADMIN) },
          { path: 'my/steward', lazy: page(() => import('./features/steward/MyStewardPage.tsx'), ['resident']) },
          { path: 'my/household', lazy: page(() => import('./features/billing/MyBillsPage.tsx'), ['resident']) },
          { path: 'my/bills', lazy: page(() => import('./features/billing/MyBillsPage.tsx'), ['resident']) },
          { path: 'billing/runs', lazy: page(() => import('./features/billing/BillRunPage.tsx'), ['clerk', 'admin']) },
          { path: 'billing/counter', lazy: page(() => import('./features/billing/CounterPage.tsx'), ['clerk', 'admin']) },
          { path: 'billing/ledger', lazy: page(() => import('./features/billing/LedgerPage.tsx'), ADMIN) },
          { path: 'tenure/dashboard', lazy: page(() => import('./features/tenure/DashboardPage.tsx'), TENURE_READERS) },
          { path: 'tenure/companies', lazy: page(() => import('./features/tenure/CompaniesPage.tsx'), TENURE_READERS) },
          { path: 'registry/households', lazy: page(() => import('./features/registry/HouseholdsPage.tsx'), REGISTRY_READERS) },
          { path: 'registry/compounds', lazy: page(() => import('./features/registry/CompoundsPage.tsx'), REGISTRY_READERS) },
          { path: 'registry/import', lazy: page(() => import('./features/registry/ImportPage.tsx'), REGISTRY_WRITERS) },
          { path: 'repairs/new', lazy: page(() => import('./features/repairs/ReportPage.tsx'), ['resident']) },
          { path: 'repairs/mine', lazy: page(() => import('./features/repairs/MyRequestsPage.tsx'), ['resident']) },
          { path: 'repairs/queue', lazy: page(() => import('./features/repairs/QueuePage.tsx'), ['steward', 'crew_lead']) },
          { path: 'repairs/board', lazy: page(() => import('./features/repairs/BoardPage.tsx'), ['crew_lead', 'admin']) },
          { path: '*', lazy: page(() => import('./features/shell/NotFoundPage.tsx')) },
        ],
      },
    ],
  },
];

/**
 * Whether a page exists yet at `path`. Placeholder pages link to routes that later features
 * fill in, and say "coming soon" only while nothing is routed there.
 */
export function isRouted(path: string): boolean {
  const last = matchRoutes(routes, path)?.at(-1);
  return last !== undefined && last.route.path !== '*';
}

export const router = createBrowserRouter(routes);
