import type { Role } from '../../../server/kernel/actor.ts';

/** Staff who read the registry (the server's STAFF_READERS); kept tiny because routes.tsx and nav.tsx import it eagerly. */
export const REGISTRY_READERS: readonly Role[] = ['admin', 'clerk', 'dispatcher', 'crew_lead', 'steward', 'liaison'];
/** Staff who edit and import households. */
export const REGISTRY_WRITERS: readonly Role[] = ['admin', 'clerk'];
