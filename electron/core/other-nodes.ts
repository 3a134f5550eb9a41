import type { SubscriptionChange } from '../../shared/model/subscription';
import { AD_HOC } from './engine/engine';
import type { EventBus } from './events';
import type { Logger } from './log';
import { summarize } from './receiver/handle-request';
import type { InboxService } from './receiver';
import type { LiveChange, OpenedStorage } from './store';

export interface OtherNodesDeps {
  events: EventBus;
  /** This node's inboxes, once started. */
  inboxes: () => InboxService | null;
  notice: (message: string) => void;
  log: Logger;
}

/**
 * Team mode: what other nodes commit reaches this node's doors as it would
 * from its own receiver and engine, and their settings changes take effect
 * here (their inboxes' dedicated ports, too). Returns what stops listening.
 */
export function listenToOtherNodes(opened: OpenedStorage, to: OtherNodesDeps): (() => void)[] {
  const { events, inboxes, log } = to;
  const seen = versions(opened.settings.subscriptions.peekAll());
  return [
    opened.feed.subscribe((changes: LiveChange[]) => {
      for (const c of changes) {
        if (c.type === 'capture')
          events.emit(
            'capture.received',
            summarize({ ...c.capture, body: null }, inboxes()?.find(c.capture.inboxId), c.size),
          );
        else
          events.emit('delivery.updated', {
            ...c.change,
            subscriptionId: c.change.subscriptionId === AD_HOC ? null : c.change.subscriptionId,
          });
      }
    }),
    opened.settings.onExternalChange((change) => {
      if (change === 'subscriptions') {
        for (const c of subscriptionChanges(seen, opened.settings.subscriptions.peekAll()))
          events.emit('subscription.changed', c);
      }
      if (change === 'inboxes')
        void inboxes()
          ?.reload(to.notice)
          .catch((err: unknown) => log.error('inboxes could not be reloaded', err));
    }),
  ];
}

/** Each record's last update, to tell what another node's settings change created, changed or deleted. */
function versions(records: readonly Readonly<{ id: string; updatedAt: string }>[]): Map<string, string> {
  return new Map(records.map((r) => [r.id, r.updatedAt]));
}

/** What changed since `seen` (which is brought up to date), as this node's own changes are announced. */
function subscriptionChanges(
  seen: Map<string, string>,
  now: readonly Readonly<{ id: string; updatedAt: string }>[],
): SubscriptionChange[] {
  const next = versions(now);
  const out: SubscriptionChange[] = [];
  for (const [id, at] of next)
    if (!seen.has(id)) out.push({ id, change: 'created' });
    else if (seen.get(id) !== at) out.push({ id, change: 'updated' });
  for (const id of seen.keys()) if (!next.has(id)) out.push({ id, change: 'deleted' });
  seen.clear();
  for (const [id, at] of next) seen.set(id, at);
  return out;
}
