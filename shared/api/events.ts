import type { AppStatus } from '../model/status';

/**
 * Events the core pushes to every door (IPC send, SSE). Areas add their own
 * entries; payloads are plain JSON.
 */
export interface AppEvents {
  'status.changed': AppStatus;
}

export type AppEventName = keyof AppEvents;
export interface AppEventMessage<K extends AppEventName = AppEventName> {
  name: K;
  payload: AppEvents[K];
}
