import type { z } from 'zod';
import type { MethodSpec } from './define';
import type { Result } from './result';
import { statusMethods } from './methods/status';
import { signingMethods } from './methods/signing';
import { exchangeMethods } from './methods/exchanges';
import { apiKeyMethods } from './methods/api-keys';
import { transferMethods } from './methods/transfer';
import { inboxMethods } from './methods/inbox';
import { subscriptionMethods } from './methods/subscriptions';
import { deliveryMethods } from './methods/delivery';
import { bulkReplayMethods } from './methods/bulk-replay';
import { checkMethods } from './methods/check';
import { accountMethods } from './methods/accounts';

/**
 * The whole AppApi, one record per area. Adding an area: write
 * shared/api/methods/<area>.ts and spread it here; the compiler then lists every
 * place (core handlers, docs) that must learn the new methods.
 */
export const methods = {
  ...statusMethods,
  ...signingMethods,
  ...exchangeMethods,
  ...apiKeyMethods,
  ...transferMethods,
  ...inboxMethods,
  ...subscriptionMethods,
  ...deliveryMethods,
  ...bulkReplayMethods,
  ...checkMethods,
  ...accountMethods,
} satisfies Record<string, MethodSpec>;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** The method list every door registers from; derived, so it cannot fall behind. */
export const methodNames = Object.keys(methods) as MethodName[];

export type MethodInput<K extends MethodName> = z.input<Methods[K]['input']>;
export type ParsedInput<K extends MethodName> = z.output<Methods[K]['input']>;
export type MethodOutput<K extends MethodName> = Methods[K]['output'];

export type AppApi = {
  [K in MethodName]: (input: MethodInput<K>) => Promise<Result<MethodOutput<K>>>;
};

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
