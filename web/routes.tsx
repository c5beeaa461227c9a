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
      { path: 'faq', lazy: page(() => import('./features/linkage/FaqPage.tsx')) },
      // The development payment providers' cashier stands in for the provider's own page (no session of ours).
      { path: 'pay/dev-cashier', lazy: page(() => import('./features/billing/DevCashierPage.tsx')) },
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
          { path: 'my/pay-online', lazy: page(() => import('./features/billing/PayOnlinePage.tsx'), ['resident']) },
          { path: 'my/online-orders/:id', lazy: page(() => import('./features/billing/OnlineOrderPage.tsx'), ['resident', 'clerk', 'admin']) },
          { path: 'my/receipts', lazy: page(() => import('./features/billing/ReceiptsPage.tsx'), ['resident']) },
          { path: 'my/receipts/:id', lazy: page(() => import('./features/billing/ReceiptPage.tsx'), ['resident', 'clerk', 'admin']) },
          { path: 'billing/adjustments', lazy: page(() => import('./features/billing/AdjustmentsPage.tsx'), ['clerk', 'admin']) },
          { path: 'billing/payment-rate', lazy: page(() => import('./features/billing/PaymentRatePage.tsx'), ['clerk', 'admin', 'crew_lead']) },
          { path: 'billing/runs', lazy: page(() => import('./features/billing/BillRunPage.tsx'), ['clerk', 'admin']) },
          { path: 'billing/counter', lazy: page(() => import('./features/billing/CounterPage.tsx'), ['clerk', 'admin']) },
          { path: 'billing/agents', lazy: page(() => import('./features/billing/AgentsPage.tsx'), ['clerk', 'admin', 'property_manager']) },
          { path: 'billing/settlements', lazy: page(() => import('./features/billing/SettlementsPage.tsx'), ['clerk', 'admin', 'property_manager']) },
          { path: 'billing/settlements/:id', lazy: page(() => import('./features/billing/SettlementPage.tsx'), ['clerk', 'admin', 'property_manager']) },
          { path: 'billing/arrears', lazy: page(() => import('./features/billing/ArrearsPage.tsx'), ['clerk', 'admin', 'steward', 'crew_lead', 'liaison']) },
          { path: 'billing/valve-tasks', lazy: page(() => import('./features/billing/ValveTasksPage.tsx'), ['steward', 'crew_lead', 'clerk', 'admin']) },
          { path: 'billing/ledger', lazy: page(() => import('./features/billing/LedgerPage.tsx'), ADMIN) },
          { path: 'billing/points', lazy: page(() => import('./features/billing/PointsPage.tsx'), ['clerk', 'admin', 'steward', 'crew_lead', 'dispatcher']) },
          { path: 'billing/suspensions', lazy: page(() => import('./features/billing/SuspensionsReviewPage.tsx'), ['clerk', 'admin']) },
          { path: 'my/suspension', lazy: page(() => import('./features/billing/SuspensionPage.tsx'), ['resident']) },
          { path: 'tenure/dashboard', lazy: page(() => import('./features/tenure/DashboardPage.tsx'), TENURE_READERS) },
          { path: 'tenure/companies', lazy: page(() => import('./features/tenure/CompaniesPage.tsx'), TENURE_READERS) },
          { path: 'registry/households', lazy: page(() => import('./features/registry/HouseholdsPage.tsx'), REGISTRY_READERS) },
          { path: 'registry/compounds', lazy: page(() => import('./features/registry/CompoundsPage.tsx'), REGISTRY_READERS) },
          { path: 'registry/places/:kind?', lazy: page(() => import('./features/registry/PlacesPage.tsx'), REGISTRY_READERS) },
          { path: 'registry/import', lazy: page(() => import('./features/registry/ImportPage.tsx'), REGISTRY_WRITERS) },
          { path: 'repairs/new', lazy: page(() => import('./features/repairs/ReportPage.tsx'), ['resident']) },
          { path: 'repairs/mine', lazy: page(() => import('./features/repairs/MyRequestsPage.tsx'), ['resident']) },
          { path: 'repairs/queue', lazy: page(() => import('./features/repairs/QueuePage.tsx'), ['steward', 'crew_lead']) },
          { path: 'repairs/board', lazy: page(() => import('./features/repairs/BoardPage.tsx'), ['crew_lead', 'admin']) },
          { path: 'repairs/on-behalf', lazy: page(() => import('./features/repairs/OnBehalfPage.tsx'), ['dispatcher', 'liaison']) },
          { path: 'repairs/sla', lazy: page(() => import('./features/repairs/SlaDashboardPage.tsx'), ['crew_lead', 'clerk', 'admin']) },
          { path: 'repairs/stations', lazy: page(() => import('./features/repairs/StationsPage.tsx'), ['crew_lead', 'admin']) },
          { path: 'temperature/guide', lazy: page(() => import('./features/temperature/GuidePage.tsx')) },
          { path: 'temperature/report', lazy: page(() => import('./features/temperature/ReportPage.tsx'), ['resident']) },
          { path: 'temperature/measure', lazy: page(() => import('./features/temperature/MeasurePage.tsx'), ['steward', 'crew_lead']) },
          { path: 'temperature/settlement', lazy: page(() => import('./features/temperature/SettlementPage.tsx'), ['clerk', 'admin']) },
          { path: 'temperature/patrols', lazy: page(() => import('./features/temperature/PatrolsPage.tsx'), ['steward', 'crew_lead', 'admin', 'dispatcher']) },
          { path: 'temperature/compliance', lazy: page(() => import('./features/temperature/CompliancePage.tsx'), ['steward', 'crew_lead', 'clerk', 'dispatcher', 'liaison', 'admin']) },
          { path: 'linkage', lazy: page(() => import('./features/linkage/GroupsPage.tsx'), ['steward', 'crew_lead', 'liaison', 'admin', 'clerk', 'dispatcher']) },
          { path: 'linkage/groups/:id', lazy: page(() => import('./features/linkage/GroupPage.tsx'), ['steward', 'crew_lead', 'liaison', 'admin', 'clerk', 'dispatcher']) },
          { path: 'linkage/bulletins/:id', lazy: page(() => import('./features/linkage/BulletinPage.tsx'), ['steward', 'crew_lead', 'liaison', 'admin', 'clerk', 'dispatcher']) },
          { path: 'linkage/qa', lazy: page(() => import('./features/linkage/QaPage.tsx'), ['liaison', 'admin', 'clerk', 'dispatcher']) },
          { path: 'linkage/rollout', lazy: page(() => import('./features/linkage/RolloutPage.tsx'), ['admin', 'clerk', 'dispatcher']) },
          { path: 'linkage/notices', lazy: page(() => import('./features/linkage/NoticesPage.tsx'), ['liaison', 'admin', 'clerk', 'dispatcher']) },
          { path: 'linkage/special-periods', lazy: page(() => import('./features/linkage/SpecialPeriodsPage.tsx'), ['admin', 'clerk', 'dispatcher']) },
          { path: 'linkage/cold-snap', lazy: page(() => import('./features/linkage/ColdSnapPage.tsx'), ['admin', 'clerk', 'dispatcher']) },
          { path: 'linkage/calls', lazy: page(() => import('./features/linkage/CallsPage.tsx'), ['liaison', 'steward', 'crew_lead', 'admin', 'clerk', 'dispatcher']) },
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
