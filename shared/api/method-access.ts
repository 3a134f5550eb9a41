import { roleLabels, roles, type Role } from '../model/account';
import type { MethodName } from './contract';

export { roles, type Role };

export interface MethodAccess {
  /** The lowest role allowed to call the method. */
  role: Role;
  /** Changes state: written to the audit log. */
  mutates: boolean;
  /** Changes only the caller's own account (password, sessions): any signed-in user, whatever the role. */
  own?: true;
}

const read = (role: Role = 'viewer'): MethodAccess => ({ role, mutates: false });
const change = (role: Role): MethodAccess => ({ role, mutates: true });
const own = (): MethodAccess => ({ role: 'viewer', mutates: true, own: true });

/**
 * One row per contract method, beside the contract: a Record over every method
 * name, so a method cannot be added without deciding who may call it.
 * viewer — support staff: browse, search, open, export, compute signatures.
 * editor — QA: also send, replay, bulk replay, edit subscriptions and inboxes, import.
 * admin — also API keys, purge and retention, users and settings.
 */
export const methodAccess: Record<MethodName, MethodAccess> = {
  getStatus: read(),
  listProfiles: read(),
  listEvents: read(),
  samplePayload: read(),
  sign: read(),
  verify: read(),
  generateSecret: read(),
  queryExchanges: read(),
  exchangeFacets: read(),
  getExchange: read(),
  // Unmasks captured credentials (Authorization, Cookie, API keys): more than browsing the log.
  revealCredentials: read('admin'),
  getStorageInfo: read(),
  exportExchanges: read(),
  listInboxes: read(),
  getInbox: read(),
  listSubscriptions: read(),
  getSubscription: read(),
  subscriptionHealth: read(),
  getBulkReplay: read(),
  emit: change('editor'),
  testSend: change('editor'),
  // Sends real (and forged) requests to the receiver with the subscription's secret, like testSend.
  checkEndpoint: change('editor'),
  replay: change('editor'),
  cancelDelivery: change('editor'),
  bulkReplay: change('editor'),
  cancelBulkReplay: change('editor'),
  importExchanges: change('editor'),
  createInbox: change('editor'),
  updateInbox: change('editor'),
  deleteInbox: change('editor'),
  setResponseRule: change('editor'),
  setForwarding: change('editor'),
  createSubscription: change('editor'),
  updateSubscription: change('editor'),
  deleteSubscription: change('editor'),
  setSubscriptionEnabled: change('editor'),
  regenerateSecret: change('editor'),
  listApiKeys: read('admin'),
  createApiKey: change('admin'),
  revokeApiKey: change('admin'),
  purgeExchanges: change('admin'),
  // Every signed-in user reads who they are and manages their own password and sessions.
  currentUser: read(),
  changePassword: own(),
  signOutEverywhere: own(),
  listUsers: read('admin'),
  createUser: change('admin'),
  updateUser: change('admin'),
  resetPassword: change('admin'),
  endUserSessions: change('admin'),
  listAuditLog: read('admin'),
  getAuditRetention: read('admin'),
  setAuditRetention: change('admin'),
};

/** Whether a caller with `role` may call a method needing `needed`. */
export function roleAllows(role: Role, needed: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(needed);
}

export type AccessVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Whether a caller with `role` may call `name`, and if not why, in words the UI
 * shows beside a disabled action and the doors send with a 403.
 */
export function mayCall(role: Role, name: MethodName): AccessVerdict {
  const needed = methodAccess[name].role;
  if (roleAllows(role, needed)) return { ok: true };
  return {
    ok: false,
    reason: `Needs the ${roleLabels[needed]} role; you are ${role === 'admin' ? 'an' : 'a'} ${roleLabels[role]}. Ask an admin to change your role.`,
  };
}
