import { join } from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../electron/core/index';
import { startControlServer, type ControlServer } from '../../electron/headless/server';
import { tempDir } from './temp';

export interface RunningCore {
  core: Core;
  server: ControlServer;
  base: string;
  dataDir: string;
  close(): Promise<void>;
}

/** A started core behind the headless HTTP door (UI-less), in a temp data dir. */
export async function startCoreServer(options: Partial<CoreOptions> = {}): Promise<RunningCore> {
  const tmp = tempDir('hb-core-');
  const core = createCore({ dataDir: join(tmp.dir, 'data'), ...options });
  await core.start();
  const server = await startControlServer({
    core,
    port: 0,
    rendererDir: join(tmp.dir, 'no-ui'),
    extraRoutes: [core.rest],
  });
  return {
    core,
    server,
    base: `http://127.0.0.1:${server.port}`,
    dataDir: core.dataDir,
    close: async () => {
      await server.close();
      await core.stop();
      tmp.cleanup();
    },
  };
}
