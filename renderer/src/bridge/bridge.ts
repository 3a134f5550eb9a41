import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract';
import type { AppEventMessage } from '../../../shared/api/events';
import type { Result } from '../../../shared/api/result';

/** How the UI reaches the core. Chosen once at start; stores and components only see this. */
export interface Bridge {
  readonly kind: 'desktop' | 'browser';
  call<K extends MethodName>(name: K, input: MethodInput<K>): Promise<Result<MethodOutput<K>>>;
  subscribe(listener: (message: AppEventMessage) => void): () => void;
  /**
   * Connection state changes (the browser bridge reconnects its event stream).
   * `locked` says why trying again cannot help (the page has no valid token):
   * the bridge has stopped retrying and the user must act.
   */
  onConnection(listener: (connected: boolean, locked: string | null) => void): () => void;
}

let current: Bridge | undefined;

export function setBridge(bridge: Bridge): void {
  current = bridge;
}

export function bridge(): Bridge {
  if (!current) throw new Error('The bridge is used before the app chose one.');
  return current;
}
