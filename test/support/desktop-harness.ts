import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './headless-process';

const agent = join(import.meta.dirname, 'electron-stand-in', 'agent.ts');
export const builtMain = join(repoRoot, 'out', 'main', 'index.js');

export interface MenuItemView {
  label?: string;
  role?: string;
  type?: string;
  accelerator?: string;
  clickable: boolean;
  submenu?: MenuItemView[];
}

export interface ShellState {
  journal: string[];
  sends: Record<string, number>;
  sentEvents: number;
  eventCounts: Record<string, number>;
  errorBoxes: Array<{ title: string; content: string }>;
  menu: MenuItemView[] | null;
  menuCommands: unknown[];
  opened: string[];
  windows: Array<{
    loaded?: string;
    bounds: { x: number; y: number; width: number; height: number };
    maximized: boolean;
    webPreferences: Record<string, unknown>;
  }>;
}

/** monitorEventLoopDelay at 10 ms resolution, in ms: a value is the wall-clock gap between two 10 ms ticks. */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
  count: number;
  /** The main thread's CPU time between two ticks: the part of a gap the app itself spent running. */
  busyP99: number;
  busyMax: number;
}

export interface DesktopProcess {
  child: ChildProcess;
  output(): string;
  /** The journal file: readable after the process died. */
  journal(): string[];
  request<T = unknown>(op: string, args?: Record<string, unknown>): Promise<T>;
  state(): Promise<ShellState>;
  /** A contract method called as the window would (IPC from the app:// frame). */
  call<T = unknown>(method: string, input?: unknown): Promise<{ ok: boolean; value: T; error?: { message: string } }>;
  /** Resolves with the exit code (a signal counts as null) or rejects after `timeoutMs`. */
  exited(timeoutMs?: number): Promise<number | null>;
  waitForWindow(timeoutMs?: number): Promise<ShellState>;
  kill(): void;
}

export interface DesktopOptions {
  /** Electron's userData; by default computed like Electron from XDG_CONFIG_HOME and productName. */
  userData?: string;
  env?: NodeJS.ProcessEnv;
  journalFile: string;
  /** Extra Node flags for the main process (e.g. --cpu-prof while investigating). */
  execArgv?: string[];
}

/**
 * Runs the BUILT main process (out/main/index.js) on Node with the electron
 * stand-in in place of Electron, in its own process, with real sockets and a
 * real data dir: what ships, minus Chromium.
 */
export function startDesktop(options: DesktopOptions): DesktopProcess {
  if (!existsSync(builtMain)) throw new Error(`${builtMain} is missing: run "npm run build" first`);
  const child = spawn(process.execPath, [...(options.execArgv ?? []), '--import', agent, builtMain], {
    cwd: repoRoot,
    env: {
      ...process.env,
      HOOKBENCH_PORT: '0',
      HOOKBENCH_RECEIVER_PORT: '0',
      ...options.env,
      HB_STANDIN_JOURNAL: options.journalFile,
      ...(options.userData ? { HB_STANDIN_USER_DATA: options.userData } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  child.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.ok) p?.resolve(m.value);
    else p?.reject(new Error(m.error));
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exit.then(() => {
    for (const p of pending.values()) p.reject(new Error(`the desktop process exited:\n${out}`));
    pending.clear();
  });

  const request = <T>(op: string, args: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      if (child.exitCode !== null || !child.connected)
        return reject(new Error(`the desktop process is not running:\n${out}`));
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, op, ...args });
    });

  const proc: DesktopProcess = {
    child,
    output: () => out,
    journal: () =>
      existsSync(options.journalFile)
        ? readFileSync(options.journalFile, 'utf8')
            .split('\n')
            .filter((l) => l && !l.startsWith('  '))
        : [],
    request,
    state: () => request<ShellState>('state'),
    call: (method, input) => request('invoke', { channel: `hookbench:${method}`, input }),
    exited: (timeoutMs = 30_000) =>
      Promise.race([
        exit,
        new Promise<never>((_r, reject) =>
          setTimeout(
            () => reject(new Error(`the desktop process was still running after ${timeoutMs} ms:\n${out}`)),
            timeoutMs,
          ).unref(),
        ),
      ]),
    async waitForWindow(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const state = await proc.state();
        if (state.windows.length > 0) return state;
        if (Date.now() > deadline) throw new Error(`no window after ${timeoutMs} ms:\n${out}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    kill: () => void (child.exitCode === null && child.kill('SIGKILL')),
  };
  return proc;
}

export interface StreamResult {
  deliveries: number;
  ms: number;
  /** IPC messages to the window on the event channel while the deliveries streamed. */
  sends: number;
  /** Delivery outcomes the window was told about. */
  succeededSeen: number;
  delay: LoopDelay;
}

const PAYLOAD = JSON.stringify({ type: 'user.created', data: { id: 'usr_1', email: 'ada@example.com' } });

/**
 * Streams `total` deliveries through the running shell as the window would
 * cause them (emit calls over IPC) to `subscriptions` subscriptions of `url`,
 * at `perSecond` deliveries a second, and waits until the window has been told
 * every one succeeded. The event-loop delay and the IPC sends cover exactly
 * that span. A steady rate, as a replay or a load test sends, rather than as
 * fast as possible: then the figure would measure how the machine's cores are
 * shared, not the shell.
 */
export async function streamDeliveries(
  app: DesktopProcess,
  url: string,
  { total = 2000, subscriptions = 10, perSecond = 500 } = {},
): Promise<StreamResult> {
  for (let i = 0; i < subscriptions; i++) {
    const created = await app.call('createSubscription', { name: `stream ${i}`, url: `${url}/s${i}` });
    if (!created.ok) throw new Error(`createSubscription: ${created.error?.message}`);
  }
  const emits = Math.ceil(total / subscriptions);
  const everyMs = (1000 * subscriptions) / perSecond;
  type Counts = Pick<ShellState, 'sends' | 'eventCounts'>;
  const before = await app.request<Counts>('counts');
  const sendsBefore = before.sends['hookbench:events'] ?? 0;
  const seenBefore = before.eventCounts['delivery.updated:succeeded'] ?? 0;
  await app.request('delay-reset');
  const started = performance.now();
  const calls: Promise<void>[] = [];
  for (let i = 0; i < emits; i++) {
    const due = started + i * everyMs - performance.now();
    if (due > 0) await new Promise((r) => setTimeout(r, due));
    calls.push(
      app.call('emit', { provider: 'standard-webhooks', event: 'user.created', payload: PAYLOAD }).then((r) => {
        if (!r.ok) throw new Error(`emit: ${r.error?.message}`);
      }),
    );
  }
  await Promise.all(calls);
  let state = await app.request<Counts>('counts');
  while ((state.eventCounts['delivery.updated:succeeded'] ?? 0) - seenBefore < emits * subscriptions) {
    await new Promise((r) => setTimeout(r, 50));
    state = await app.request<Counts>('counts');
  }
  const ms = performance.now() - started;
  const delay = await app.request<LoopDelay>('delay-read');
  return {
    deliveries: emits * subscriptions,
    ms,
    sends: (state.sends['hookbench:events'] ?? 0) - sendsBefore,
    succeededSeen: (state.eventCounts['delivery.updated:succeeded'] ?? 0) - seenBefore,
    delay,
  };
}
