import type { HookbenchBridgeApi } from '../../../shared/api/bridge';
import type { MethodName } from '../../../shared/api/contract';
import type { AppEventMessage } from '../../../shared/api/events';
import { fail } from '../../../shared/api/result';
import type { Bridge } from './bridge';

type Listener = (message: AppEventMessage) => void;

/**
 * Under Electron: the named functions the preload exposed on window.hookbench.
 * Events arrive in batches; the bridge holds one preload subscription while any
 * store listens and hands each message to every store here, in the page, so a
 * batch crosses the context bridge once however many stores listen.
 */
export function createDesktopBridge(api: HookbenchBridgeApi): Bridge {
  const listeners = new Set<Listener>();
  let unsubscribe: (() => void) | undefined;

  const deliver = (batch: AppEventMessage[]) => {
    for (const message of batch) {
      for (const listener of [...listeners]) {
        try {
          listener(message);
        } catch (err) {
          // one store's bug must not starve the others of the event
          console.error('An event listener failed', message.name, err);
        }
      }
    }
  };

  return {
    kind: 'desktop',
    auth: null,
    async call(name, input) {
      const fn = api.calls[name as MethodName] as ((i: unknown) => Promise<never>) | undefined;
      if (!fn) return fail('not_found', `This version of the desktop app has no method "${name}".`);
      try {
        return await fn(input);
      } catch (err) {
        return fail('unavailable', `The desktop app did not answer: ${(err as Error).message}`);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      unsubscribe ??= api.onEvents(deliver);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && unsubscribe) {
          unsubscribe();
          unsubscribe = undefined;
        }
      };
    },
    onConnection: (listener) => {
      listener(true, null);
      return () => {};
    },
  };
}
