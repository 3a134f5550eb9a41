import { AppFailure } from '../../../shared/api/result';
import type { ApiKeyInfo } from '../../../shared/model/api-key';
import type { Accounts } from '../accounts/index';
import type { ApiKeys, KeyRecordInfo } from '../rest/api-keys';
import type { Handlers } from './dispatch';

export interface ApiKeyContext {
  apiKeys(): ApiKeys | null;
  accounts(): Accounts | null;
}

function keys(ctx: ApiKeyContext): ApiKeys {
  const k = ctx.apiKeys();
  if (!k) throw new AppFailure('unavailable', 'Settings are not open yet; try again once Hookbench has started.');
  return k;
}

/** Keys with the account each acts for, as it is now (role, disabled). */
async function withUsers(ctx: ApiKeyContext, list: KeyRecordInfo[]): Promise<ApiKeyInfo[]> {
  const users = new Map((await ctx.accounts()?.store.listUsers())?.map((u) => [u.id, u]) ?? []);
  return list.map(({ userId, ...k }) => {
    const u = userId ? users.get(userId) : undefined;
    return {
      ...k,
      user: userId
        ? u
          ? { id: u.id, email: u.email, role: u.role, disabled: u.disabled }
          : { id: userId, email: '(deleted account)', role: 'viewer', disabled: true }
        : null,
    };
  });
}

export function apiKeyHandlers(ctx: ApiKeyContext): Pick<Handlers, 'createApiKey' | 'listApiKeys' | 'revokeApiKey'> {
  return {
    // A key acts for an account: the one named, else the caller's own (the local owner's keys act as admins).
    createApiKey: async ({ name, user }, caller) => {
      let userId = caller.userId;
      if (user) {
        const accounts = ctx.accounts();
        if (!accounts) throw new AppFailure('unavailable', 'Accounts are not open yet.');
        const found = await accounts.users.byEmail(user);
        if (found.disabled)
          throw new AppFailure('invalid_input', `The account ${user} is disabled; its keys would not work.`, {
            user: ['disabled'],
          });
        userId = found.id;
      }
      const created = await keys(ctx).create(name, userId);
      const [info] = await withUsers(ctx, [created]);
      return { ...info!, key: created.key };
    },
    listApiKeys: async () => withUsers(ctx, keys(ctx).list()),
    revokeApiKey: async ({ id }) => {
      if (!(await keys(ctx).revoke(id))) throw new AppFailure('not_found', `No API key with id "${id}".`);
      return { revoked: true };
    },
  };
}
