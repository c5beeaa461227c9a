/** Tag colours of an application's state, shared by the resident's and the clerk's pages. */
export const STATE_COLOR = { pending: 'processing', approved: 'success', rejected: 'error', superseded: 'default' } as const;
