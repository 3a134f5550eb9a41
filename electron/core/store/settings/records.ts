import type { ApiKeyInfo } from '../../../../shared/model/api-key';
import type { Inbox, InboxVerification } from '../../../../shared/model/inbox';
import { secretFields, type Preferences } from '../../../../shared/model/settings';
import type { Subscription } from '../../../../shared/model/subscription';

/**
 * What each settings collection stores, as the store keeps it (secret fields
 * sealed at rest, plain in memory). One type per collection, so the services
 * above the store read and write real records instead of casting.
 */

/**
 * A subscription as stored. `secret` (its signing material as JSON) and
 * `headers` (its custom headers as JSON: they often carry API tokens) are
 * sealed fields: sealed at rest, plain in memory, null when they could not be
 * unsealed.
 */
export type SubscriptionRecord = Omit<Subscription, 'basicAuth' | 'headers'> & {
  basicAuthUsername: string | null;
  headers: string | null;
  secret: string | null;
};

/** An inbox as stored: its verification secrets at the top level (each sealed on its own), the rest as Inbox. */
export type InboxRecord = Omit<Inbox, 'verification'> & {
  verification: Omit<InboxVerification, 'secrets'> | null;
  secrets: string[];
};

/**
 * A REST API key: only its SHA-256 is kept, so a leaked store leaks no key.
 * `userId` is the account it acts for (null, or absent in keys made before
 * accounts existed: the local owner, an admin).
 */
export type ApiKeyRecord = Omit<ApiKeyInfo, 'lastUsedAt' | 'user'> & {
  keyHash: string;
  lastUsedAt: string | null;
  userId?: string | null;
};

/** A signing key saved for the Sign & verify view. */
export interface SigningKeyRecord {
  id: string;
  name?: string;
  profile?: string;
  secret?: string | null;
  privateKey?: string | null;
  createdAt?: string;
}

/** FusionAuth webhook fields a subscription has no place for, kept so a GET returns what a PUT wrote. */
export interface FusionAuthExtrasRecord {
  /** The subscription's id. */
  id: string;
  eventsEnabled: Record<string, boolean>;
  data: Record<string, unknown>;
  signatureConfiguration: { enabled: boolean; signingKeyId?: string };
}

export interface SettingsRecords {
  subscriptions: SubscriptionRecord;
  inboxes: InboxRecord;
  signingKeys: SigningKeyRecord;
  apiKeys: ApiKeyRecord;
  fusionAuthExtras: FusionAuthExtrasRecord;
}

export type SettingsCollectionName = keyof SettingsRecords;
export const settingsCollectionNames: readonly SettingsCollectionName[] = [
  'subscriptions',
  'inboxes',
  'signingKeys',
  'apiKeys',
  'fusionAuthExtras',
];

/** Fields sealed at rest, per collection (a list field has each entry sealed on its own); one table for both stores. */
export const sealedFields: Record<SettingsCollectionName, readonly string[]> = {
  ...secretFields,
  fusionAuthExtras: [],
};

export type { Preferences };
