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
/** Menu sections, in menu order; long menus (office roles) show them as headed groups. */
export const NAV_SECTIONS = ['home', 'mine', 'repairs', 'temperature', 'billing', 'registry', 'linkage', 'admin'] as const;
export type NavSection = (typeof NAV_SECTIONS)[number];

export interface NavEntry {
  path: string;
  section: NavSection;
  label: MessageKey;
  icon: ReactNode;
  roles: readonly Role[];
}

export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'resident');

export const NAV: NavEntry[] = [
  { path: '/home', section: 'home', label: 'shell:nav.home', icon: <HomeOutlined />, roles: ['resident'] },
  { path: '/dashboard', section: 'home', label: 'shell:nav.home', icon: <DashboardOutlined />, roles: STAFF_ROLES },
  { path: '/repairs/mine', section: 'repairs', label: 'repairs:nav.report', icon: <ToolOutlined />, roles: ['resident'] },
  { path: '/repairs/queue', section: 'repairs', label: 'repairs:nav.queue', icon: <ProfileOutlined />, roles: ['steward', 'crew_lead'] },
  { path: '/repairs/board', section: 'repairs', label: 'repairs:nav.board', icon: <FireOutlined />, roles: ['crew_lead', 'admin'] },
  { path: '/repairs/on-behalf', section: 'repairs', label: 'repairs:desk.nav.onBehalf', icon: <CustomerServiceOutlined />, roles: ['dispatcher', 'liaison'] },
  { path: '/repairs/stations', section: 'repairs', label: 'repairs:desk.nav.stations', icon: <FundViewOutlined />, roles: ['crew_lead', 'admin'] },
  { path: '/repairs/sla', section: 'repairs', label: 'repairs:desk.nav.sla', icon: <BarChartOutlined />, roles: ['crew_lead', 'clerk', 'admin'] },
  { path: '/my/steward', section: 'mine', label: 'steward:nav.mySteward', icon: <PhoneOutlined />, roles: ['resident'] },
  { path: '/my/bills', section: 'mine', label: 'billing:nav.myBills', icon: <AccountBookOutlined />, roles: ['resident'] },
  { path: '/my/pay-online', section: 'mine', label: 'billing:online.nav', icon: <WalletOutlined />, roles: ['resident'] },
  { path: '/my/receipts', section: 'mine', label: 'billing:receipt.nav', icon: <FileTextOutlined />, roles: ['resident'] },
  { path: '/my/suspension', section: 'mine', label: 'billing:suspension.nav', icon: <PauseCircleOutlined />, roles: ['resident'] },
  { path: '/billing/runs', section: 'billing', label: 'billing:nav.runs', icon: <CalculatorOutlined />, roles: ['clerk', 'admin'] },
  { path: '/billing/counter', section: 'billing', label: 'billing:nav.counter', icon: <PayCircleOutlined />, roles: ['clerk', 'admin'] },
  { path: '/billing/adjustments', section: 'billing', label: 'billing:adjust.nav', icon: <RollbackOutlined />, roles: ['clerk', 'admin'] },
  { path: '/billing/payment-rate', section: 'billing', label: 'billing:rate.nav', icon: <PieChartOutlined />, roles: ['clerk', 'admin', 'crew_lead'] },
  { path: '/billing/agents', section: 'billing', label: 'billing:agent.nav', icon: <ReconciliationOutlined />, roles: ['clerk', 'admin', 'property_manager'] },
  { path: '/billing/settlements', section: 'billing', label: 'billing:settlement.nav', icon: <FileDoneOutlined />, roles: ['clerk', 'admin', 'property_manager'] },
  { path: '/billing/arrears', section: 'billing', label: 'billing:arrears.nav', icon: <NotificationOutlined />, roles: ['clerk', 'admin', 'steward', 'crew_lead', 'liaison'] },
  { path: '/billing/valve-tasks', section: 'billing', label: 'billing:valve.nav', icon: <ControlOutlined />, roles: ['steward', 'crew_lead'] },
  { path: '/billing/ledger', section: 'billing', label: 'billing:nav.ledger', icon: <AuditOutlined />, roles: ['admin'] },
  { path: '/billing/points', section: 'billing', label: 'billing:points.nav', icon: <ShopOutlined />, roles: ['clerk', 'admin'] },
  { path: '/billing/suspensions', section: 'billing', label: 'billing:suspension.reviewNav', icon: <PauseCircleOutlined />, roles: ['clerk', 'admin'] },
  { path: '/tenure/dashboard', section: 'registry', label: 'tenure:nav.dashboard', icon: <AlertOutlined />, roles: TENURE_READERS },
  { path: '/tenure/companies', section: 'registry', label: 'tenure:nav.companies', icon: <BankOutlined />, roles: TENURE_READERS },
  { path: '/registry/households', section: 'registry', label: 'registry:nav.households', icon: <UnorderedListOutlined />, roles: REGISTRY_READERS },
  { path: '/registry/compounds', section: 'registry', label: 'registry:nav.compounds', icon: <ApartmentOutlined />, roles: REGISTRY_READERS },
  { path: '/registry/places', section: 'registry', label: 'registry:nav.places', icon: <ClusterOutlined />, roles: REGISTRY_READERS },
  { path: '/registry/import', section: 'registry', label: 'registry:nav.import', icon: <UploadOutlined />, roles: REGISTRY_WRITERS },
  { path: '/admin/users', section: 'admin', label: 'accounts:nav.users', icon: <TeamOutlined />, roles: ['admin'] },
  { path: '/linkage', section: 'linkage', label: 'linkage:nav.groups', icon: <CommentOutlined />, roles: ['steward', 'crew_lead', 'liaison', 'admin', 'clerk', 'dispatcher'] },
  { path: '/linkage/qa', section: 'linkage', label: 'linkage:nav.qa', icon: <QuestionCircleOutlined />, roles: ['liaison', 'admin', 'clerk', 'dispatcher'] },
  { path: '/linkage/rollout', section: 'linkage', label: 'linkage:nav.rollout', icon: <RocketOutlined />, roles: ['admin', 'clerk', 'dispatcher'] },
  { path: '/linkage/notices', section: 'linkage', label: 'linkage:nav.notices', icon: <NotificationOutlined />, roles: ['liaison', 'admin', 'clerk', 'dispatcher'] },
  { path: '/linkage/special-periods', section: 'linkage', label: 'linkage:nav.periods', icon: <FieldTimeOutlined />, roles: ['admin', 'clerk', 'dispatcher'] },
  { path: '/linkage/cold-snap', section: 'linkage', label: 'linkage:nav.coldSnap', icon: <CloudOutlined />, roles: ['admin', 'clerk', 'dispatcher'] },
  { path: '/linkage/calls', section: 'linkage', label: 'linkage:nav.calls', icon: <PhoneOutlined />, roles: ['liaison', 'steward', 'crew_lead'] },
  { path: '/admin/audit', section: 'admin', label: 'audit:nav.audit', icon: <AuditOutlined />, roles: ['admin'] },
  { path: '/admin/outbox', section: 'admin', label: 'audit:nav.outbox', icon: <MailOutlined />, roles: ['admin'] },
  { path: '/admin/rulebook', section: 'admin', label: 'rulebook:nav.rulebook', icon: <ReadOutlined />, roles: ['admin'] },
  { path: '/temperature/guide', section: 'temperature', label: 'temperature:nav.guide', icon: <BookOutlined />, roles: ['resident'] },
  { path: '/temperature/report', section: 'temperature', label: 'temperature:nav.report', icon: <ThunderboltOutlined />, roles: ['resident'] },
  { path: '/temperature/measure', section: 'temperature', label: 'temperature:nav.measure', icon: <ExperimentOutlined />, roles: ['steward', 'crew_lead'] },
  { path: '/temperature/patrols', section: 'temperature', label: 'temperature:nav.patrols', icon: <NodeIndexOutlined />, roles: ['steward', 'crew_lead', 'admin', 'dispatcher'] },
  { path: '/temperature/compliance', section: 'temperature', label: 'temperature:nav.compliance', icon: <LineChartOutlined />, roles: ['steward', 'crew_lead', 'clerk', 'dispatcher', 'liaison', 'admin'] },
  { path: '/temperature/settlement', section: 'temperature', label: 'temperature:nav.settlement', icon: <MoneyCollectOutlined />, roles: ['clerk', 'admin'] },
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
