/**
 * Loaded with `node --import` before the built main process
 * (out/main/index.js): resolves `electron` to the stand-in, makes the app's
 * exits real process exits, measures the event loop's delay, and answers the
 * test process over the IPC channel (invoke a contract method as the window
 * would, click a menu item, read what the shell did).
 */
import { registerHooks } from 'node:module';
import { createHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

const standIn = new URL('./electron.ts', import.meta.url).href;
registerHooks({
  resolve(specifier, context, next) {
    if (specifier === 'electron') return { url: standIn, format: 'module', shortCircuit: true };
    return next(specifier, context);
  },
});

const { app, control } = (await import(standIn)) as typeof import('./electron');

control.autoReady = true;
// Like Electron's own loop, the process lives until the app quits or exits, windows or not:
// a shell that forgets to quit after a failed start lingers here too.
const alive = setInterval(() => {}, 1 << 30);
control.exit = (code: number) => {
  clearInterval(alive);
  process.exit(code);
};

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();

/**
 * The same ticks, measured in the main thread's CPU time instead of wall time:
 * how long the app itself kept the loop busy between two ticks. On a machine
 * whose cores are shared, the wall-clock delay also counts the time the process
 * waited for a core; this part is the app's own.
 */
const busy = createHistogram();
let lastCpu = process.threadCpuUsage();
setInterval(() => {
  const used = process.threadCpuUsage(lastCpu);
  lastCpu = process.threadCpuUsage();
  busy.record(Math.max(1, used.user + used.system)); // µs
}, 10).unref();

interface MenuItem {
  label?: string;
  role?: string;
  type?: string;
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItem[];
}

const clean = (label: string | undefined) => label?.replace(/&/g, '');

function serializeMenu(items: MenuItem[]): unknown[] {
  return items.map((item) => ({
    label: clean(item.label),
    role: item.role,
    type: item.type,
    accelerator: item.accelerator,
    clickable: typeof item.click === 'function',
    submenu: item.submenu ? serializeMenu(item.submenu) : undefined,
  }));
}

function findMenuItem(path: string[]): MenuItem {
  let items = (control.applicationMenu?.items ?? []) as MenuItem[];
  let found: MenuItem | undefined;
  for (const label of path) {
    found = items.find((i) => clean(i.label) === label);
    if (!found) throw new Error(`no menu item "${label}" in ${path.join(' > ')}`);
    items = found.submenu ?? [];
  }
  return found!;
}

const ms = (ns: number) => Math.round((ns / 1e6) * 10) / 10;
const ticks = (n: number) => new Promise((resolve) => setTimeout(resolve, n * 10 + 5));

function readDelay() {
  return {
    p50: ms(delay.percentile(50)),
    p99: ms(delay.percentile(99)),
    max: ms(delay.max),
    count: delay.count,
    busyP99: ms(busy.percentile(99) * 1000),
    busyMax: ms(busy.max * 1000),
  };
}

type Request = { id: number; op: string; [key: string]: any };

const ops: Record<string, (r: Request) => unknown> = {
  async invoke(r) {
    const handler = control.handlers.get(r.channel);
    if (!handler) throw new Error(`no IPC handler for ${r.channel}`);
    const sender = control.windows[0]?.webContents;
    return handler({ senderFrame: { url: r.url ?? 'app://hookbench/index.html', parent: null }, sender }, r.input);
  },
  state: () => ({
    journal: control.journal,
    sends: Object.fromEntries(control.sends),
    sentEvents: control.sentEvents,
    eventCounts: Object.fromEntries(control.eventCounts),
    errorBoxes: control.errorBoxes,
    menu: control.applicationMenu ? serializeMenu(control.applicationMenu.items as MenuItem[]) : null,
    menuCommands: control.menuCommands,
    opened: control.opened,
    windows: control.windows.map((w) => ({
      loaded: w.loaded,
      bounds: w.getBounds(),
      maximized: w.isMaximized(),
      webPreferences: w.options.webPreferences,
    })),
  }),
  /** What the window was sent, cheap enough to poll while measuring the loop. */
  counts: () => ({ sends: Object.fromEntries(control.sends), eventCounts: Object.fromEntries(control.eventCounts) }),
  // The histogram needs a tick before and after a span to see it: reset waits for two ticks to start
  // the span clean, read waits for the tick that closes it (a call that blocks the loop throughout
  // would otherwise leave no sample at all).
  'delay-reset': async () => {
    delay.reset();
    busy.reset();
    await ticks(2);
  },
  'delay-read': async () => {
    await ticks(2);
    return readDelay();
  },
  'menu-click': (r) => void findMenuItem(r.path as string[]).click?.(),
  'window-bounds': (r) => control.windows[0]!.setBounds(r.bounds),
  'window-maximize': () => control.windows[0]!.maximize(),
  'window-close': () => control.windows[0]!.close(),
  permission: (r) =>
    r.kind === 'check'
      ? control.permissionCheck!(null, r.permission, r.origin, {})
      : new Promise((resolve) =>
          control.permissionRequest!({ getURL: () => r.origin }, r.permission, resolve, { requestingUrl: r.origin }),
        ),
  /** A request the window would make to app://, answered by the shell's protocol handler. */
  async 'fetch-app'(r) {
    const response = (await control.protocolHandlers.get('app')!({ url: r.url })) as Response;
    return { status: response.status, csp: response.headers.get('content-security-policy') };
  },
  'second-instance': () => void app.emit('second-instance', {}, [], process.cwd()),
  quit: () => app.quit(),
};

process.on('message', (raw) => {
  const request = raw as Request;
  Promise.resolve()
    .then(() => ops[request.op]!(request))
    .then(
      (value) => process.send?.({ id: request.id, ok: true, value }),
      (err: Error) => process.send?.({ id: request.id, ok: false, error: err.stack ?? String(err) }),
    );
});
// The IPC channel must not keep the process alive: the shell decides when it ends.
process.channel?.unref();
