import { z } from 'zod';
import { method } from '../define';
import type { ApiKeyInfo, CreatedApiKey } from '../../model/api-key';
import { idString } from '../../validate/limits';
import { emailSchema } from './accounts';

export const apiKeyMethods = {
  createApiKey: method<CreatedApiKey>()(
    z
      .object({
        name: z.string().trim().min(1, 'Give the key a name, e.g. "ci"').max(100),
        /** The account the key acts for, by email; the key carries its role. Default: the caller's own account. */
        user: emailSchema.optional(),
      })
      .strict(),
    "Create an API key for the REST APIs, acting for an account (default: the caller's own) with that account's role. The key is returned once; only a hash is stored.",
  ),
  listApiKeys: method<ApiKeyInfo[]>()(
    z.object({}).strict().optional(),
    'List API keys (names and hints, never the keys).',
  ),
  revokeApiKey: method<{ revoked: boolean }>()(
    z.object({ id: idString }).strict(),
    'Revoke an API key; requests using it get 401 from then on.',
  ),
};
