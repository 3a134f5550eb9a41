import { asOwner } from '../../support/owner';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/index';
import { readInstanceFile } from '../../../electron/core/instance-file';
import { PortInUseError, portFromEnv, startHttpDoor } from '../../../electron/main/http-door';
import { repoRoot } from '../../support/headless-process';
import { tempDir } from '../../support/temp';

const rendererDir = join(repoRoot, 'out', 'renderer');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function started(): Promise<Core> {
  const t = tempDir('hb-door-');
  const core = createCore({ dataDir: t.dir, receiverPort: 0 });
  await core.start();
  cleanups.push(t.cleanup, () => core.stop());
  return core;
}

async function occupiedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as { port: number }).port;
}

describe("the desktop app's HTTP door", () => {
  it('moves to a free port with a notice when the default port is taken, and says where in instance.json', async () => {
    const core = await started();
    const taken = await occupiedPort();
    const door = await startHttpDoor(core, rendererDir, {}, taken);
    cleanups.push(() => door.close());
    expect(door.port).not.toBe(taken);
    expect(readInstanceFile(core.dataDir)).toMatchObject({ url: `http://127.0.0.1:${door.port}` });
    const status = await asOwner(core)('getStatus', undefined);
    expect(JSON.stringify(status)).toContain(
      `Port ${taken} is in use (EADDRINUSE), so the REST API listens on port ${door.port}`,
    );
    expect((await fetch(`http://127.0.0.1:${door.port}/api/v1/openapi.json`)).status).toBe(200);
  });

  it('fails the start when the port asked for with HOOKBENCH_PORT is taken', async () => {
    const core = await started();
    const taken = await occupiedPort();
    const failure = await startHttpDoor(core, rendererDir, { HOOKBENCH_PORT: String(taken) }).catch((e) => e);
    expect(failure).toBeInstanceOf(PortInUseError);
    expect(failure.message).toBe(`Port ${taken} (HOOKBENCH_PORT) could not be opened: EADDRINUSE.`);
    expect(readInstanceFile(core.dataDir)).toBeNull();
  });

  it('names the variable when a port setting is not a port', () => {
    expect(portFromEnv('HOOKBENCH_PORT', {})).toBeUndefined();
    expect(portFromEnv('HOOKBENCH_PORT', { HOOKBENCH_PORT: '0' })).toBe(0);
    expect(() => portFromEnv('HOOKBENCH_RECEIVER_PORT', { HOOKBENCH_RECEIVER_PORT: '80a' })).toThrow(
      'HOOKBENCH_RECEIVER_PORT must be a port number (0–65535, 0 picks a free one), not "80a".',
    );
  });
});
