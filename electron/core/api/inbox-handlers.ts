import { AppFailure } from '../../../shared/api/result';
import type { InboxService } from '../receiver/inbox-service';
import type { Handlers } from './dispatch';

export interface InboxContext {
  /** Null until the core has started (inboxes live in the settings store). */
  inboxes(): InboxService | null;
}

type InboxMethod =
  'listInboxes' | 'getInbox' | 'createInbox' | 'updateInbox' | 'deleteInbox' | 'setResponseRule' | 'setForwarding';

export function inboxHandlers(ctx: InboxContext): Pick<Handlers, InboxMethod> {
  const service = (): InboxService => {
    const s = ctx.inboxes();
    if (!s) throw new AppFailure('unavailable', 'Inboxes are not available yet (the core is not started).');
    return s;
  };
  return {
    listInboxes: () =>
      service()
        .list()
        .map((i) => service().view(i)),
    getInbox: ({ id }) => service().view(service().get(id)),
    createInbox: async (input) => service().view(await service().create(input)),
    updateInbox: async (input) => service().view(await service().update(input)),
    deleteInbox: async ({ id }) => {
      await service().remove(id);
      return { deleted: true };
    },
    setResponseRule: async (input) => service().view(await service().setResponseRule(input)),
    setForwarding: async (input) => service().view(await service().setForwarding(input)),
  };
}
