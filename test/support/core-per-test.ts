import { afterEach } from 'vitest';
import { createCore, type Core } from '../../electron/core';
import { tempDir } from './temp';
import { startWebhookServer, type Reply, type WebhookServer } from './webhook-server';

/**
 * A core per test, in-process on a fresh data dir with its receiver on a free
 * port, and the endpoint it delivers to: after each test the core is stopped
 * first, then the endpoint closed and the data dir removed.
 */
export function useCorePerTest(prefix: string) {
  let core: Core | undefined;
  let server: WebhookServer | undefined;
  let cleanup: (() => void) | undefined;
  afterEach(async () => {
    await core?.stop();
    await server?.close();
    cleanup?.();
    core = undefined;
    server = undefined;
    cleanup = undefined;
  });
  return {
    async start(): Promise<Core> {
      const t = tempDir(prefix);
      cleanup = t.cleanup;
      core = createCore({ dataDir: t.dir, receiverPort: 0 });
      await core.start();
      return core;
    },
    async webhookServer(reply?: Reply): Promise<WebhookServer> {
      server = await startWebhookServer(reply);
      return server;
    },
  };
}
