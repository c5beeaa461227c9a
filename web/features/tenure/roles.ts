import type { Role } from '../../../server/kernel/actor.ts';

/** Office roles that see tenure dashboards (the server's officeBranches); kept tiny because routes.tsx and nav.tsx import it eagerly. */
export const TENURE_READERS: readonly Role[] = ['admin', 'clerk', 'crew_lead', 'dispatcher'];
/** Roles the server lets change tenures; others see the page without its buttons. */
export const TENURE_WRITERS: readonly Role[] = ['admin', 'clerk'];
