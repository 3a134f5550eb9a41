import { create } from 'zustand';
import type { AppStatus } from '../../../shared/model/status';
import { bridge } from '../bridge/bridge';

interface StatusState {
  status: AppStatus | null;
  error: string | null;
  connected: boolean;
  /** Why the page cannot connect at all (no valid token), when retrying cannot help; null otherwise. */
  locked: string | null;
  refresh(): Promise<void>;
  /** Subscribes to core events and connection changes; returns the unsubscribe. */
  connect(): () => void;
}

/** A cache of the core's status: refreshed by calls, kept live by `status.changed` events. */
export const useStatusStore = create<StatusState>((set, get) => ({
  status: null,
  error: null,
  connected: false,
  locked: null,
  async refresh() {
    const result = await bridge().call('getStatus', undefined);
    if (result.ok) set({ status: result.value, error: null });
    else set({ error: result.error.message });
  },
  connect() {
    const offEvents = bridge().subscribe((message) => {
      if (message.name === 'status.changed') set({ status: message.payload as AppStatus, error: null });
    });
    const offConnection = bridge().onConnection((connected, locked) => {
      const wasConnected = get().connected;
      set({ connected, locked });
      // after a reconnect, events may have been missed: re-read
      if (connected && !wasConnected) void get().refresh();
    });
    return () => {
      offEvents();
      offConnection();
    };
  },
}));

/** The receiver's base URL while it listens (e.g. http://127.0.0.1:7781), from the live status. */
export function receiverBase(): string | undefined {
  return useStatusStore
    .getState()
    .status?.listening.find((l) => l.name === 'receiver')
    ?.url.replace(/\/$/, '');
}
