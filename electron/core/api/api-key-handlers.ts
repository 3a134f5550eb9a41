import { AppFailure } from '../../../shared/api/result';
import type { ApiKeys } from '../rest/api-keys';
import type { Handlers } from './dispatch';

export interface ApiKeyContext {
  apiKeys(): ApiKeys | null;
}

function keys(ctx: ApiKeyContext): ApiKeys {
  const k = ctx.apiKeys();
  if (!k) throw new AppFailure('unavailable', 'Settings are not open yet; try again once Hookbench has started.');
  return k;
}

export function apiKeyHandlers(ctx: ApiKeyContext): Pick<Handlers, 'createApiKey' | 'listApiKeys' | 'revokeApiKey'> {
  return {
    createApiKey: ({ name }) => keys(ctx).create(name),
    listApiKeys: () => keys(ctx).list(),
    revokeApiKey: async ({ id }) => {
      if (!(await keys(ctx).revoke(id))) throw new AppFailure('not_found', `No API key with id "${id}".`);
      return { revoked: true };
    },
  };
}
