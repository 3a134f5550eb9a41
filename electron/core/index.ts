import type { AppStatus, ListenerName, ListeningAddress } from '../../shared/model/status';
import { createDispatcher, type Dispatcher } from './api/dispatch';
import { createHandlers } from './api/handlers';
import { buildStatus } from './api/status-handlers';
import { systemClock, type Clock } from './clock';
import { ensureDataDir } from './data-dir';
import { EventBus } from './events';
import { silentLogger, type Logger } from './log';
import { appVersion } from './version';

export interface CoreOptions {
  dataDir: string;
  mode?: AppStatus['mode'];
  clock?: Clock;
  log?: Logger;
  version?: string;
}

export interface Core extends Dispatcher {
  readonly events: EventBus;
  readonly dataDir: string;
  readonly log: Logger;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Doors that listen (UI server, receiver, REST) report their address so status can show it. */
  setListening(name: ListenerName, url: string | null): void;
  addNotice(message: string): void;
}

/**
 * The composition root: everything the app does is reached from here, with its
 * dependencies passed in so tests can swap them. Plain Node — no electron, no DOM.
 */
export function createCore(options: CoreOptions): Core {
  const dataDir = ensureDataDir(options.dataDir);
  const clock = options.clock ?? systemClock;
  const log = options.log ?? silentLogger;
  const events = new EventBus();
  const listening = new Map<ListenerName, string>();
  const notices: string[] = [];
  let started = false;

  const statusCtx = {
    version: options.version ?? appVersion(),
    dataDir,
    mode: options.mode ?? 'headless',
    startedAt: clock.now(),
    now: () => clock.now(),
    listening: (): ListeningAddress[] => [...listening].map(([name, url]) => ({ name, url })),
    notices: () => [...notices],
  };
  const dispatcher = createDispatcher(createHandlers({ status: statusCtx }), log);
  const statusChanged = () => events.emit('status.changed', buildStatus(statusCtx));

  return {
    ...dispatcher,
    events,
    dataDir,
    log,
    async start() {
      if (started) return;
      started = true;
      statusCtx.startedAt = clock.now();
    },
    async stop() {
      if (!started) return;
      started = false;
    },
    setListening(name, url) {
      if (url) listening.set(name, url);
      else listening.delete(name);
      statusChanged();
    },
    addNotice(message) {
      notices.push(message);
      log.warn(message);
      statusChanged();
    },
  };
}
