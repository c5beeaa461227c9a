/** The accounts module's only door: sign-in, sessions, users and their scope. */
export { accountsRoutes, installSessionHook, SESSION_COOKIE, CSRF_COOKIE } from './accounts.routes.ts';
export { createUser } from './users.service.ts';
export { hashPassword } from './passwords.ts';
export { grantScope, revokeScope } from './scopes.service.ts';
export { users, userScopes } from './accounts.schema.ts';
export type { AccountsDeps } from './sessions.service.ts';
export type { UserView } from './accounts.contract.ts';
