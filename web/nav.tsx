import type { ReactNode } from 'react';
import { AccountBookOutlined, AlertOutlined, ApartmentOutlined, AuditOutlined, BankOutlined, CalculatorOutlined, DashboardOutlined, FireOutlined, HomeOutlined, MailOutlined, PayCircleOutlined, PhoneOutlined, ProfileOutlined, ReadOutlined, TeamOutlined, ToolOutlined, UnorderedListOutlined, UploadOutlined } from '@ant-design/icons';
import { REGISTRY_READERS, REGISTRY_WRITERS } from './features/registry/roles.ts';
import { TENURE_READERS } from './features/tenure/roles.ts';
import { ROLES, type Role } from '../server/kernel/actor.ts';
import type { MessageKey } from './i18n.ts';

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
  { path: '/my/steward', label: 'steward:nav.mySteward', icon: <PhoneOutlined />, roles: ['resident'] },
  { path: '/my/bills', label: 'billing:nav.myBills', icon: <AccountBookOutlined />, roles: ['resident'] },
  { path: '/billing/runs', label: 'billing:nav.runs', icon: <CalculatorOutlined />, roles: ['clerk', 'admin'] },
  { path: '/billing/counter', label: 'billing:nav.counter', icon: <PayCircleOutlined />, roles: ['clerk', 'admin'] },
  { path: '/billing/ledger', label: 'billing:nav.ledger', icon: <AuditOutlined />, roles: ['admin'] },
  { path: '/tenure/dashboard', label: 'tenure:nav.dashboard', icon: <AlertOutlined />, roles: TENURE_READERS },
  { path: '/tenure/companies', label: 'tenure:nav.companies', icon: <BankOutlined />, roles: TENURE_READERS },
  { path: '/registry/households', label: 'registry:nav.households', icon: <UnorderedListOutlined />, roles: REGISTRY_READERS },
  { path: '/registry/compounds', label: 'registry:nav.compounds', icon: <ApartmentOutlined />, roles: REGISTRY_READERS },
  { path: '/registry/import', label: 'registry:nav.import', icon: <UploadOutlined />, roles: REGISTRY_WRITERS },
  { path: '/admin/users', label: 'accounts:nav.users', icon: <TeamOutlined />, roles: ['admin'] },
  { path: '/admin/audit', label: 'audit:nav.audit', icon: <AuditOutlined />, roles: ['admin'] },
  { path: '/admin/outbox', label: 'audit:nav.outbox', icon: <MailOutlined />, roles: ['admin'] },
  { path: '/admin/rulebook', label: 'rulebook:nav.rulebook', icon: <ReadOutlined />, roles: ['admin'] },
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
