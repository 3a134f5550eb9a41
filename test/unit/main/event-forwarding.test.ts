import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppEventMessage } from '../../../shared/api/events';
import { EVENT_BATCH_WINDOW_MS, forwardEvents } from '../../../electron/main/event-forwarding';
import { EventBus } from '../../../electron/core/events';

class Contents extends EventEmitter {
  sent: unknown[][] = [];
  destroyed = false;
  send(channel: string, batch: unknown) {
    this.sent.push([channel, batch]);
  }
  isDestroyed() {
    return this.destroyed;
  }
}

const names = (batch: unknown) => (batch as AppEventMessage[]).map((m) => (m.payload as unknown as { n: number }).n);

describe('event forwarding to the window', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const bus = new EventBus();
    const contents = new Contents();
    forwardEvents((fn) => bus.subscribe(fn), contents as never);
    const emit = (n: number) => bus.emit('status.changed', { n } as never);
    return { bus, contents, emit };
  }

  it('sends an event after a quiet spell at once, then at most one array per window while a stream lasts', () => {
    const { contents, emit } = setup();
    emit(1);
    expect(contents.sent).toEqual([['hookbench:events', [expect.objectContaining({ name: 'status.changed' })]]]);
    for (let n = 2; n <= 400; n++) {
      emit(n);
      vi.advanceTimersByTime(1); // 400 events over 400 ms
    }
    vi.advanceTimersByTime(EVENT_BATCH_WINDOW_MS * 2);
    const batches = contents.sent.map(([, batch]) => names(batch));
    expect(batches.flat()).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    expect(contents.sent.length).toBeLessThanOrEqual(1 + Math.ceil(400 / EVENT_BATCH_WINDOW_MS) + 1);
    // a window passed with nothing to send: the next event goes at once again
    emit(401);
    expect(names(contents.sent.at(-1)![1])).toEqual([401]);
  });

  it('stops with the window: nothing is sent to a destroyed webContents and the bus lets go', () => {
    const { bus, contents, emit } = setup();
    emit(1);
    emit(2);
    contents.destroyed = true;
    contents.emit('destroyed');
    vi.advanceTimersByTime(EVENT_BATCH_WINDOW_MS * 2);
    expect(contents.sent).toHaveLength(1);
    expect(bus.size).toBe(0);
  });
});
