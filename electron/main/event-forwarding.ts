import type { WebContents } from 'electron';
import { IPC_EVENT_CHANNEL } from '../../shared/api/bridge';
import type { AppEventMessage } from '../../shared/api/events';

/**
 * At most one IPC message to the window per this many milliseconds (a few
 * frames). Each message costs a structured clone on both sides and a task in
 * the renderer, and a stream of deliveries emits events faster than any screen
 * shows them: one message per event kept both processes busy with envelopes.
 */
export const EVENT_BATCH_WINDOW_MS = 50;

type Target = Pick<WebContents, 'send' | 'isDestroyed' | 'once'>;

/**
 * Forwards core events to a window as arrays, oldest first. An event after a
 * quiet spell goes at once (a click's result shows without delay) and opens a
 * window of `windowMs`; what arrives during it goes as one array when it closes,
 * which opens the next, until a window passes with nothing to send. A
 * destroyed window stops the forwarding.
 */
export function forwardEvents(
  subscribe: (fn: (m: AppEventMessage) => void) => () => void,
  target: Target,
  windowMs = EVENT_BATCH_WINDOW_MS,
): () => void {
  let pending: AppEventMessage[] = [];
  let timer: NodeJS.Timeout | undefined;
  const send = () => {
    const batch = pending;
    pending = [];
    if (!target.isDestroyed()) target.send(IPC_EVENT_CHANNEL, batch);
  };
  const windowClosed = () => {
    if (pending.length === 0) {
      timer = undefined;
      return;
    }
    send();
    timer = setTimeout(windowClosed, windowMs);
  };
  const unsubscribe = subscribe((message) => {
    pending.push(message);
    if (timer) return;
    send();
    timer = setTimeout(windowClosed, windowMs);
  });
  const stop = () => {
    unsubscribe();
    clearTimeout(timer);
    timer = undefined;
    pending = [];
  };
  target.once('destroyed', stop);
  return stop;
}
