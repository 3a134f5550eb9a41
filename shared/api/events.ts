import type { AppStatus } from '../model/status';
import type { CaptureSummary, InboxChange } from '../model/inbox';
import type { DeliveryChange, SubscriptionChange } from '../model/subscription';
import type { BulkReplayJob } from '../model/bulk-replay';

/**
 * Events the core pushes to every door (IPC send, SSE). Areas add their own
 * entries; payloads are plain JSON.
 */
export interface AppEvents {
  'status.changed': AppStatus;
  /** A request reached the receiver and its capture committed (rejected ones too); carries its list row. */
  'capture.received': CaptureSummary;
  'inbox.changed': InboxChange;
  /** A delivery was queued, attempted, rescheduled, finished or cancelled; carries its whole list row. */
  'delivery.updated': DeliveryChange;
  /** Any door (UI, CLI, REST) or the engine changed a subscription. */
  'subscription.changed': SubscriptionChange;
  /** The bulk replay job moved (throttled while running; every state change is sent). */
  'bulkReplay.progress': BulkReplayJob;
}

export type AppEventName = keyof AppEvents;
export interface AppEventMessage<K extends AppEventName = AppEventName> {
  name: K;
  payload: AppEvents[K];
}
