import type { MethodName } from './contract';

/**
 * The contract's method names as plain data, for code that needs the names but
 * not the schemas: the sandboxed preload bundles everything it imports, and the
 * contract would pull all of zod into it. The compiler keeps this list and the
 * contract equal (see the check below): a method added to one and not the other
 * is a type error naming it.
 */
const names = [
  'getStatus',
  'listProfiles',
  'listEvents',
  'samplePayload',
  'sign',
  'verify',
  'generateSecret',
  'queryExchanges',
  'exchangeFacets',
  'getExchange',
  'revealCredentials',
  'purgeExchanges',
  'getStorageInfo',
  'createApiKey',
  'listApiKeys',
  'revokeApiKey',
  'exportExchanges',
  'importExchanges',
  'listInboxes',
  'getInbox',
  'createInbox',
  'updateInbox',
  'deleteInbox',
  'setResponseRule',
  'setForwarding',
  'listSubscriptions',
  'getSubscription',
  'createSubscription',
  'updateSubscription',
  'deleteSubscription',
  'setSubscriptionEnabled',
  'regenerateSecret',
  'subscriptionHealth',
  'emit',
  'testSend',
  'replay',
  'cancelDelivery',
  'bulkReplay',
  'getBulkReplay',
  'cancelBulkReplay',
  'checkEndpoint',
  'currentUser',
  'changePassword',
  'signOutEverywhere',
  'listUsers',
  'createUser',
  'updateUser',
  'resetPassword',
  'endUserSessions',
  'listAuditLog',
  'getAuditRetention',
  'setAuditRetention',
] as const;

type Listed = (typeof names)[number];
/** Names in the contract but not listed here, and listed here but not in the contract; both must be empty. */
type Unlisted = Exclude<MethodName, Listed>;
type Unknown = Exclude<Listed, MethodName>;
const _listMatchesContract: { unlisted: Unlisted; unknown: Unknown } extends { unlisted: never; unknown: never }
  ? true
  : { unlisted: Unlisted; unknown: Unknown } = true;

/** Equal to contract.ts's `methodNames`, without importing the schemas. */
export const methodNames: readonly MethodName[] = names;
