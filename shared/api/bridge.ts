import type { AppApi } from './contract';
import type { AppEventMessage } from './events';

/** What the desktop preload puts on `window.hookbench`: named calls and an event feed. */
export interface HookbenchBridgeApi {
  calls: AppApi;
  onEvent(listener: (message: AppEventMessage) => void): () => void;
}

/** IPC channel names shared by the main process and the preload. */
export const IPC_PREFIX = 'hookbench:';
export const IPC_EVENT_CHANNEL = 'hookbench:event';
