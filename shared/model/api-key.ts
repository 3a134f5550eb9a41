/** An API key as shown after creation: the key itself never again, only its last characters. */
export interface ApiKeyInfo {
  id: string;
  name: string;
  /** The last 4 characters, to tell keys apart. */
  hint: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** Returned once, by createApiKey: the only time the key is readable. */
export interface CreatedApiKey extends ApiKeyInfo {
  key: string;
}
