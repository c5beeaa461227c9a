/**
 * The payment providers this installation offers. Only the development providers exist so far;
 * a real WeChat Pay or Alipay adapter implements PaymentProvider and is added here (with its own
 * ledgerNo), nothing else changes.
 */
import type { Clock } from '../../../kernel/clock.ts';
import { loadConfig } from '../../../kernel/config.ts';
import type { Db } from '../../../kernel/db.ts';
import { NotFound } from '../../../kernel/errors.ts';
import { DEV_PROVIDERS, devProvider, type DevProviderCode } from './dev-provider.ts';
import type { PaymentProvider } from './provider.ts';

export const ONLINE_PROVIDER_CODES = Object.keys(DEV_PROVIDERS) as DevProviderCode[];

/** Read once: the secret comes from the environment like every other setting (kernel/config.ts). */
let devSecret: string | undefined;
export function onlinePayDevSecret(): string {
  devSecret ??= loadConfig().onlinePayDevSecret;
  return devSecret;
}

/**
 * The development providers (and their cashier page that marks an order paid) are for the demo
 * and tests; production sets DEV_PAYMENTS=false until a real adapter is added, and then online
 * payment is refused instead of being payable by anyone who finds the cashier.
 */
let devPayments: boolean | undefined;
export function devPaymentsEnabled(): boolean {
  devPayments ??= loadConfig().devPayments;
  return devPayments;
}

export function isProviderCode(code: string): code is DevProviderCode {
  return (ONLINE_PROVIDER_CODES as string[]).includes(code);
}

export function providerFor(deps: { db: Db; clock: Clock }, code: string): PaymentProvider {
  if (!isProviderCode(code) || !devPaymentsEnabled()) throw new NotFound('payment provider', code);
  return devProvider(code, deps, onlinePayDevSecret());
}
