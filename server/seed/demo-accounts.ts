import type { Role, Scope } from '../kernel/actor.ts';

/**
 * The demo logins printed at start-up. Staff sign in with these passwords; the resident signs in
 * with the phone and the SMS code that the development SMS provider writes to the log/outbox.
 */
export interface DemoAccount {
  role: Role;
  name: string;
  username?: string;
  phone?: string;
  password?: string;
  scopes: Scope[];
}

export const DEMO_PASSWORD = 'heat-demo-2026';

export function demoAccounts(ids: { household: number; grid: number; community: number; propertyCompany: number; branch: number }): DemoAccount[] {
  const staff = (role: Role, username: string, name: string, scopes: Scope[]): DemoAccount => ({
    role,
    username,
    name,
    password: DEMO_PASSWORD,
    scopes,
  });
  return [
    staff('admin', 'admin', '系统管理员 王敏', [{ kind: 'branch', refId: ids.branch }]),
    staff('clerk', 'clerk', '经营科 李娟', [{ kind: 'branch', refId: ids.branch }]),
    staff('dispatcher', 'hotline', '客服 赵磊', [{ kind: 'branch', refId: ids.branch }]),
    staff('crew_lead', 'crewlead', '班组长 孙强', [{ kind: 'branch', refId: ids.branch }]),
    staff('steward', 'steward', '网格员 张伟', [{ kind: 'grid', refId: ids.grid }]),
    staff('liaison', 'liaison', '社区网格员 刘芳', [{ kind: 'community', refId: ids.community }]),
    staff('property_manager', 'property', '物业经理 陈刚', [{ kind: 'property_company', refId: ids.propertyCompany }]),
    { role: 'resident', name: '居民 周桂兰', phone: '13800000001', scopes: [{ kind: 'household', refId: ids.household }] },
  ];
}
