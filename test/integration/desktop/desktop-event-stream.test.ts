import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDesktop, streamDeliveries, type DesktopProcess, type LoopDelay } from '../../support/desktop-harness';
import { startWebhookServer, type WebhookServer } from '../../support/webhook-server';
import { tempDir } from '../../support/temp';

describe('the built main process while 2,000 deliveries stream', () => {
  const t = tempDir('hb-desktop-stream-');
  let server: WebhookServer | undefined;
  let app: DesktopProcess | undefined;
  afterAll(async () => {
    app?.kill();
    await server?.close();
    t.cleanup();
  });

  it('tells the window about every delivery in at most 100 IPC messages, the event loop never blocked for long', async () => {
    server = await startWebhookServer();
    app = startDesktop({ userData: join(t.dir, 'Hookbench'), journalFile: join(t.dir, 'journal') });
    await app.waitForWindow();
    // 500 deliveries a second for 4 s, to 10 subscriptions
    const result = await streamDeliveries(app, server.url, { total: 2000, perSecond: 500 });
    expect(server.received).toHaveLength(2000);
    expect(result.succeededSeen).toBe(2000);
    expect(result.sends).toBeLessThanOrEqual(100);
    const figures = JSON.stringify(result);
    // The part of each gap between two 10 ms ticks that the main thread itself spent running: what the app
    // does to its own loop, whatever else the machine runs.
    expect(result.delay.busyP99, figures).toBeLessThan(50);
    // The wall-clock gaps (monitorEventLoopDelay at its default 10 ms resolution) also count the time the
    // process waited for a core. They are judged when the same process, idle, gets its ticks on time;
    // on a machine so busy that it does not, they measure the machine (the bench reports them either way).
    await app.request('delay-reset');
    await new Promise((r) => setTimeout(r, 1000));
    const idle = await app.request<LoopDelay>('delay-read');
    if (idle.p99 <= 15) expect(result.delay.p99, figures).toBeLessThan(50);
    else
      console.warn(`The machine is busy (idle p99 ${idle.p99} ms); the wall-clock figures were not judged: ${figures}`);
  });
});
