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

/** Registry and tenure ids the demo accounts act on; without them (printing only) scopes are empty. */
export interface DemoScopeIds {
  household: number;
  grid: number;
  community: number;
  propertyCompany: number;
  branch: number;
}

export function demoAccounts(ids?: DemoScopeIds): DemoAccount[] {
  const scope = (kind: Scope['kind'], refId: number | undefined): Scope[] => (ids ? [{ kind, refId: refId! }] : []);
  const staff = (role: Role, username: string, name: string, scopes: Scope[], phone?: string): DemoAccount => ({
    role,
    username,
    name,
    password: DEMO_PASSWORD,
    scopes,
    ...(phone && { phone }),
  });
  return [
    staff('admin', 'admin', '系统管理员 王敏', scope('branch', ids?.branch)),
    staff('clerk', 'clerk', '经营科 李娟', scope('branch', ids?.branch)),
    staff('dispatcher', 'hotline', '客服 赵磊', scope('branch', ids?.branch)),
    // The crew lead of the demo steward's crew, and the steward's deputy.
    staff('crew_lead', 'crewlead', '班组长 孙强', scope('branch', ids?.branch), '13937100002'),
    // The steward of 金色港湾小区 3号楼: the phone residents see in the public lookup.
    staff('steward', 'steward', '网格员 张伟', scope('grid', ids?.grid), '13937100001'),
    staff('liaison', 'liaison', '社区网格员 刘芳', scope('community', ids?.community)),
    staff('property_manager', 'property', '物业经理 陈刚', scope('property_company', ids?.propertyCompany)),
    { role: 'resident', name: '居民 周桂兰', phone: '13800000001', scopes: scope('household', ids?.household) },
  ];
}
