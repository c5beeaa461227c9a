import { count } from 'drizzle-orm';
import { systemActor } from '../kernel/actor.ts';
import type { Deps } from '../kernel/deps.ts';
import { createUser, users } from '../modules/accounts/index.ts';
import { demoAccounts, type DemoAccount } from './demo-accounts.ts';

/** True when the database has never been seeded (no accounts at all). */
export async function isEmpty(deps: Deps): Promise<boolean> {
  const [row] = await deps.db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}

/** Fill an empty database with the demo city and its accounts; returns the logins to print. */
export async function seedDemo(deps: Deps): Promise<DemoAccount[]> {
  const admin = { ...systemActor, role: 'admin' as const, name: 'seed' };
  const accounts = demoLogins();
  for (const a of accounts) {
    await createUser(deps, admin, {
      role: a.role,
      name: a.name,
      scopes: a.scopes,
      ...(a.username && { username: a.username }),
      ...(a.password && { password: a.password }),
      ...(a.phone && { phone: a.phone }),
    });
  }
  return accounts;
}

export function describeLogins(accounts: DemoAccount[]): string {
  const lines = accounts.map((a) =>
    a.username
      ? `  ${a.role.padEnd(17)} ${a.username.padEnd(10)} password ${a.password}   (${a.name})`
      : `  ${a.role.padEnd(17)} phone ${a.phone}  sign-in code: printed in this log / admin → outbox   (${a.name})`,
  );
  return ['Demo logins 演示账号 (staff: username + password 用户名+密码; resident: phone + SMS code 手机验证码):', ...lines].join('\n');
}

/** Registry ids are placeholders until the registry module seeds the city (issue #3). */
export function demoLogins(): DemoAccount[] {
  return demoAccounts({ household: 1, grid: 1, community: 1, propertyCompany: 1, branch: 1 });
}
