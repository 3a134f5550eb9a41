import type { HookbenchBridgeApi } from '../../../shared/api/bridge';
import type { MethodName } from '../../../shared/api/contract';
import { fail } from '../../../shared/api/result';
import type { Bridge } from './bridge';

/** Under Electron: the named functions the preload exposed on window.hookbench. */
export function createDesktopBridge(api: HookbenchBridgeApi): Bridge {
  return {
    kind: 'desktop',
    async call(name, input) {
      const fn = api.calls[name as MethodName] as ((i: unknown) => Promise<never>) | undefined;
      if (!fn) return fail('not_found', `This version of the desktop app has no method "${name}".`);
      try {
        return await fn(input);
      } catch (err) {
        return fail('unavailable', `The desktop app did not answer: ${(err as Error).message}`);
      }
    },
    subscribe: (listener) => api.onEvent(listener),
    onConnection: (listener) => {
      listener(true);
      return () => {};
    },
  };
}
