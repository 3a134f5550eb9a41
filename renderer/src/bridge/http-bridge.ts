import type { AppEventMessage } from '../../../shared/api/events';
import { fail, type Result } from '../../../shared/api/result';
import type { Bridge } from './bridge';

/**
 * In a browser (headless mode): the contract over POST /rpc/<method>, events over
 * SSE. The access token travels in an HttpOnly cookie the server set on first load.
 */
export function createHttpBridge(base = ''): Bridge {
  const listeners = new Set<(m: AppEventMessage) => void>();
  const connectionListeners = new Set<(c: boolean) => void>();
  let source: EventSource | undefined;
  let connected = false;

  const setConnected = (value: boolean) => {
    if (value === connected) return;
    connected = value;
    connectionListeners.forEach((l) => l(value));
  };

  function ensureStream() {
    if (source) return;
    source = new EventSource(`${base}/events`);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.onmessage = (e) => {
      let message: AppEventMessage;
      try {
        message = JSON.parse(e.data as string) as AppEventMessage;
      } catch {
        return;
      }
      listeners.forEach((l) => l(message));
    };
  }

  return {
    kind: 'browser',
    async call(name, input) {
      let response: Response;
      try {
        response = await fetch(`${base}/rpc/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: input === undefined ? '' : JSON.stringify(input),
          credentials: 'same-origin',
        });
      } catch (err) {
        return fail(
          'unavailable',
          `Hookbench is not reachable (${(err as Error).message}). Is the server still running?`,
        );
      }
      if (response.status === 401)
        return fail('forbidden', 'This page lost its access token. Open the URL Hookbench printed at start.');
      try {
        return (await response.json()) as Result<never>;
      } catch {
        return fail('internal', `Hookbench answered ${response.status} without a readable body.`);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      ensureStream();
      return () => listeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      ensureStream();
      listener(connected);
      return () => connectionListeners.delete(listener);
    },
  };
}
