import type { Role } from './account';

/** An API key as shown after creation: the key itself never again, only its last characters. */
export interface ApiKeyInfo {
  id: string;
  name: string;
  /** The last 4 characters, to tell keys apart. */
  hint: string;
  createdAt: string;
  lastUsedAt: string | null;
  /**
   * The account the key acts for (it carries that account's role, and stops
   * working when the account is disabled); null for a key of the local owner
   * (created before accounts existed, or HOOKBENCH_API_KEY), which acts as an admin.
   */
  user: { id: string; email: string; role: Role; disabled: boolean } | null;
}

/** Returned once, by createApiKey: the only time the key is readable. */
export interface CreatedApiKey extends ApiKeyInfo {
  key: string;
}
