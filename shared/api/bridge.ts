import type { AppApi } from './contract';
import type { AppEventMessage } from './events';

/**
 * What the app menu asks the page to do. The page carries it out the way a user
 * would (the area's address, the documented key), so the menu and the keyboard
 * cannot drift apart.
 */
export type MenuCommand =
  | { kind: 'go'; area: 'subscriptions' | 'send' | 'deliveries' | 'inbox' | 'verify' | 'settings' }
  | { kind: 'new-subscription' }
  | { kind: 'shortcuts' };

/**
 * What the desktop preload puts on `window.hookbench`: named calls, core events
 * in batches (one IPC message per frame-sized window, carrying an array), and
 * the app menu's commands.
 */
export interface HookbenchBridgeApi {
  calls: AppApi;
  onEvents(listener: (batch: AppEventMessage[]) => void): () => void;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

/** IPC channel names shared by the main process and the preload. */
export const IPC_PREFIX = 'hookbench:';
/** Carries `AppEventMessage[]`, oldest first. */
export const IPC_EVENT_CHANNEL = 'hookbench:events';
export const IPC_MENU_CHANNEL = 'hookbench:menu';
