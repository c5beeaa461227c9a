/**
 * A fresh Idempotency-Key for one intended payment (a retry of the same submission reuses it).
 * getRandomValues also works where randomUUID is missing (plain-http LAN).
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
