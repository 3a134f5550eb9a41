import type { AppStatus } from '../model/status';
import type { CaptureSummary, InboxChange } from '../model/inbox';
import type { DeliveryChange } from '../model/subscription';
import type { BulkReplayJob } from '../model/bulk-replay';

/**
 * Events the core pushes to every door (IPC send, SSE). Areas add their own
 * entries; payloads are plain JSON.
 */
export interface AppEvents {
  'status.changed': AppStatus;
  /** A request reached the receiver and its capture committed (rejected ones too). */
  'capture.received': CaptureSummary;
  'inbox.changed': InboxChange;
  /** A delivery was queued, attempted, rescheduled, finished or cancelled. */
  'delivery.updated': DeliveryChange;
  /** The bulk replay job moved (throttled while running; every state change is sent). */
  'bulkReplay.progress': BulkReplayJob;
}

export type AppEventName = keyof AppEvents;
export interface AppEventMessage<K extends AppEventName = AppEventName> {
  name: K;
  payload: AppEvents[K];
}
