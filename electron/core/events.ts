import type { AppEventMessage, AppEventName, AppEvents } from '../../shared/api/events';

export type EventListener = (message: AppEventMessage) => void;

/**
 * The core's one outward event stream. Doors subscribe once and forward every
 * message (IPC send, SSE); a listener that throws is dropped from that emit only,
 * so one broken door cannot silence the others.
 */
export class EventBus {
  private listeners = new Set<EventListener>();

  emit<K extends AppEventName>(name: K, payload: AppEvents[K]): void {
    const message = { name, payload } as AppEventMessage;
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch {
        // a door's failure to forward is its own problem; keep the others going
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }
}
