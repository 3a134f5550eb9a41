import { AppFailure } from '../../../shared/api/result';
import type { Accounts } from '../accounts/index';
import { currentUserOf, type Caller } from '../accounts/caller';
import { verifyPassword } from '../accounts/passwords';
import type { Handlers } from './dispatch';

export interface AccountContext {
  accounts(): Accounts | null;
  now(): number;
}

type AccountMethods =
  | 'currentUser'
  | 'changePassword'
  | 'signOutEverywhere'
  | 'listUsers'
  | 'createUser'
  | 'updateUser'
  | 'resetPassword'
  | 'endUserSessions'
  | 'listAuditLog'
  | 'getAuditRetention'
  | 'setAuditRetention';

function open(ctx: AccountContext): Accounts {
  const a = ctx.accounts();
  if (!a) throw new AppFailure('unavailable', 'Accounts are not open yet; try again once Hookbench has started.');
  return a;
}

/** "My own account" methods need a signed-in user: the local owner and API keys have no password or session. */
function signedInUser(caller: Caller): string {
  if (caller.kind !== 'user' || !caller.userId)
    throw new AppFailure(
      'invalid_input',
      caller.kind === 'apiKey'
        ? 'API keys have no password or sessions; sign in to the UI to change your own account.'
        : 'The local owner has no account to change: accounts are for people who sign in to a shared Hookbench.',
    );
  return caller.userId;
}

export function accountHandlers(ctx: AccountContext): Pick<Handlers, AccountMethods> {
  return {
    currentUser: (_input, caller) => currentUserOf(caller),
    changePassword: async ({ currentPassword, newPassword }, caller) => {
      const id = signedInUser(caller);
      const accounts = open(ctx);
      const user = await accounts.users.byId(id);
      if (!user.passwordHash || !(await verifyPassword(currentPassword, user.passwordHash)))
        throw new AppFailure('invalid_input', 'The current password is not right.', {
          currentPassword: ['not your current password'],
        });
      await accounts.users.setPassword(id, newPassword, caller.session);
      return { changed: true as const };
    },
    signOutEverywhere: async (_input, caller) => ({
      ended: await open(ctx).store.deleteUserSessions(signedInUser(caller)),
    }),
    listUsers: () => open(ctx).users.list(),
    createUser: (input) => open(ctx).users.create(input),
    updateUser: ({ id, ...patch }) => open(ctx).users.update(id, patch),
    resetPassword: ({ id, password }) => open(ctx).users.setPassword(id, password),
    endUserSessions: async ({ id }) => {
      const accounts = open(ctx);
      await accounts.users.byId(id);
      return { ended: await accounts.store.deleteUserSessions(id) };
    },
    listAuditLog: ({ from, to, ...rest }) =>
      open(ctx).store.queryAudit({
        ...rest,
        ...(from ? { from: Date.parse(from) } : {}),
        ...(to ? { to: Date.parse(to) } : {}),
      }),
    getAuditRetention: () => open(ctx).retention.get(),
    setAuditRetention: ({ maxAgeDays }) => open(ctx).retention.set(maxAgeDays),
  };
}
