import type { ReactNode } from 'react';
import { ControlOutlined, FileDoneOutlined, NotificationOutlined, ReconciliationOutlined } from '@ant-design/icons';
import { WalletOutlined, FileTextOutlined, RollbackOutlined, PieChartOutlined, AccountBookOutlined, AlertOutlined, ApartmentOutlined, AuditOutlined, ClusterOutlined, BankOutlined, BarChartOutlined, CalculatorOutlined, CustomerServiceOutlined, FundViewOutlined, DashboardOutlined, FireOutlined, HomeOutlined, MailOutlined, PauseCircleOutlined, PayCircleOutlined, PhoneOutlined, ProfileOutlined, ReadOutlined, ShopOutlined, TeamOutlined, ToolOutlined, UnorderedListOutlined, UploadOutlined } from '@ant-design/icons';
import { REGISTRY_READERS, REGISTRY_WRITERS } from './features/registry/roles.ts';
import { TENURE_READERS } from './features/tenure/roles.ts';
import { ROLES, type Role } from '../server/kernel/actor.ts';
import type { MessageKey } from './i18n.ts';
import { CloudOutlined, CommentOutlined, FieldTimeOutlined, QuestionCircleOutlined, RocketOutlined } from '@ant-design/icons';
import { BookOutlined, ExperimentOutlined, LineChartOutlined, MoneyCollectOutlined, NodeIndexOutlined, ThunderboltOutlined } from '@ant-design/icons';

/**
 * Navigation entries of every feature, in menu order, each with the roles that see it. A
 * feature adds its page here with one line (and its route in routes.tsx). `label` is a key
 * "<namespace>:<key>" of the feature's own i18n.ts, checked by tsc.
 */
export interface NavEntry {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  roles: readonly Role[];
}

export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'resident');

export const NAV: NavEntry[] = [
  { path: '/home', label: 'shell:nav.home', icon: <HomeOutlined />, roles: ['resident'] },
  { path: '/dashboard', label: 'shell:nav.home', icon: <DashboardOutlined />, roles: STAFF_ROLES },
  { path: '/repairs/mine', label: 'repairs:nav.report', icon: <ToolOutlined />, roles: ['resident'] },
  { path: '/repairs/queue', label: 'repairs:nav.queue', icon: <ProfileOutlined />, roles: ['steward', 'crew_lead'] },
  { path: '/repairs/board', label: 'repairs:nav.board', icon: <FireOutlined />, roles: ['crew_lead', 'admin'] },
  { path: '/repairs/on-behalf', label: 'repairs:desk.nav.onBehalf', icon: <CustomerServiceOutlined />, roles: ['dispatcher', 'liaison'] },
  { path: '/repairs/stations', label: 'repairs:desk.nav.stations', icon: <FundViewOutlined />, roles: ['crew_lead', 'admin'] },
  { path: '/repairs/sla', label: 'repairs:desk.nav.sla', icon: <BarChartOutlined />, roles: ['crew_lead', 'clerk', 'admin'] },
  { path: '/my/steward', label: 'steward:nav.mySteward', icon: <PhoneOutlined />, roles: ['resident'] },
  { path: '/my/bills', label: 'billing:nav.myBills', icon: <AccountBookOutlined />, roles: ['resident'] },
  { path: '/my/pay-online', label: 'billing:online.nav', icon: <WalletOutlined />, roles: ['resident'] },
  { path: '/my/receipts', label: 'billing:receipt.nav', icon: <FileTextOutlined />, roles: ['resident'] },
  { path: '/my/suspension', label: 'billing:suspension.nav', icon: <PauseCircleOutlined />, roles: ['resident'] },
  { path: '/billing/runs', label: 'billing:nav.runs', icon: <CalculatorOutlined />, roles: ['clerk', 'admin'] },
  { path: '/billing/counter', label: 'billing:nav.counter', icon: <PayCircleOutlined />, roles: ['clerk', 'admin'] },
  { path: '/billing/adjustments', label: 'billing:adjust.nav', icon: <RollbackOutlined />, roles: ['clerk', 'admin'] },
  { path: '/billing/payment-rate', label: 'billing:rate.nav', icon: <PieChartOutlined />, roles: ['clerk', 'admin', 'crew_lead'] },
  { path: '/billing/agents', label: 'billing:agent.nav', icon: <ReconciliationOutlined />, roles: ['clerk', 'admin', 'property_manager'] },
  { path: '/billing/settlements', label: 'billing:settlement.nav', icon: <FileDoneOutlined />, roles: ['clerk', 'admin', 'property_manager'] },
  { path: '/billing/arrears', label: 'billing:arrears.nav', icon: <NotificationOutlined />, roles: ['clerk', 'admin', 'steward', 'crew_lead', 'liaison'] },
  { path: '/billing/valve-tasks', label: 'billing:valve.nav', icon: <ControlOutlined />, roles: ['steward', 'crew_lead'] },
  { path: '/billing/ledger', label: 'billing:nav.ledger', icon: <AuditOutlined />, roles: ['admin'] },
  { path: '/billing/points', label: 'billing:points.nav', icon: <ShopOutlined />, roles: ['clerk', 'admin'] },
  { path: '/billing/suspensions', label: 'billing:suspension.reviewNav', icon: <PauseCircleOutlined />, roles: ['clerk', 'admin'] },
  { path: '/tenure/dashboard', label: 'tenure:nav.dashboard', icon: <AlertOutlined />, roles: TENURE_READERS },
  { path: '/tenure/companies', label: 'tenure:nav.companies', icon: <BankOutlined />, roles: TENURE_READERS },
  { path: '/registry/households', label: 'registry:nav.households', icon: <UnorderedListOutlined />, roles: REGISTRY_READERS },
  { path: '/registry/compounds', label: 'registry:nav.compounds', icon: <ApartmentOutlined />, roles: REGISTRY_READERS },
  { path: '/registry/places', label: 'registry:nav.places', icon: <ClusterOutlined />, roles: REGISTRY_READERS },
  { path: '/registry/import', label: 'registry:nav.import', icon: <UploadOutlined />, roles: REGISTRY_WRITERS },
  { path: '/admin/users', label: 'accounts:nav.users', icon: <TeamOutlined />, roles: ['admin'] },
  { path: '/linkage', label: 'linkage:nav.groups', icon: <CommentOutlined />, roles: ['steward', 'crew_lead', 'liaison', 'admin', 'clerk', 'dispatcher'] },
  { path: '/linkage/qa', label: 'linkage:nav.qa', icon: <QuestionCircleOutlined />, roles: ['liaison', 'admin', 'clerk', 'dispatcher'] },
  { path: '/linkage/rollout', label: 'linkage:nav.rollout', icon: <RocketOutlined />, roles: ['admin', 'clerk', 'dispatcher'] },
  { path: '/linkage/notices', label: 'linkage:nav.notices', icon: <NotificationOutlined />, roles: ['liaison', 'admin', 'clerk', 'dispatcher'] },
  { path: '/linkage/special-periods', label: 'linkage:nav.periods', icon: <FieldTimeOutlined />, roles: ['admin', 'clerk', 'dispatcher'] },
  { path: '/linkage/cold-snap', label: 'linkage:nav.coldSnap', icon: <CloudOutlined />, roles: ['admin', 'clerk', 'dispatcher'] },
  { path: '/linkage/calls', label: 'linkage:nav.calls', icon: <PhoneOutlined />, roles: ['liaison', 'steward', 'crew_lead'] },
  { path: '/admin/audit', label: 'audit:nav.audit', icon: <AuditOutlined />, roles: ['admin'] },
  { path: '/admin/outbox', label: 'audit:nav.outbox', icon: <MailOutlined />, roles: ['admin'] },
  { path: '/admin/rulebook', label: 'rulebook:nav.rulebook', icon: <ReadOutlined />, roles: ['admin'] },
  { path: '/temperature/guide', label: 'temperature:nav.guide', icon: <BookOutlined />, roles: ['resident'] },
  { path: '/temperature/report', label: 'temperature:nav.report', icon: <ThunderboltOutlined />, roles: ['resident'] },
  { path: '/temperature/measure', label: 'temperature:nav.measure', icon: <ExperimentOutlined />, roles: ['steward', 'crew_lead'] },
  { path: '/temperature/patrols', label: 'temperature:nav.patrols', icon: <NodeIndexOutlined />, roles: ['steward', 'crew_lead', 'admin', 'dispatcher'] },
  { path: '/temperature/compliance', label: 'temperature:nav.compliance', icon: <LineChartOutlined />, roles: ['steward', 'crew_lead', 'clerk', 'dispatcher', 'liaison', 'admin'] },
  { path: '/temperature/settlement', label: 'temperature:nav.settlement', icon: <MoneyCollectOutlined />, roles: ['clerk', 'admin'] },
];

/** Where each role lands after signing in (and on "/"). */
export const HOME_BY_ROLE: Record<Role, string> = {
  resident: '/home',
  steward: '/repairs/queue',
  crew_lead: '/repairs/board',
  clerk: '/dashboard',
  dispatcher: '/dashboard',
  liaison: '/dashboard',
  property_manager: '/dashboard',
  admin: '/dashboard',
};

/** Residents and stewards work from a phone; everyone else mostly at a desk. */
export const PHONE_FIRST_ROLES: readonly Role[] = ['resident', 'steward'];

export function navFor(role: Role): NavEntry[] {
  return NAV.filter((e) => e.roles.includes(role));
}
