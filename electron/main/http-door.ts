import type { Core } from '../core/index';
import { writeInstanceFile } from '../core/instance-file';
import { startControlServer, type ControlServer } from '../headless/server';

/** The desktop app's HTTP port for the REST APIs (and the UI in a browser), as in headless mode. */
export const DEFAULT_HTTP_PORT = 7780;

/** A port the user asked for (through an environment variable) and could not get. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly variable: string,
    cause: string,
  ) {
    super(`Port ${port} (${variable}) could not be opened: ${cause}.`);
  }
}

/** A port from the environment: undefined when unset, an error naming the variable when it is not a port. */
export function portFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${name} must be a port number (0–65535, 0 picks a free one), not "${raw}".`);
  return port;
}

const codeOf = (err: unknown) => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

/**
 * The REST APIs and the CLI reach the desktop app over HTTP. An explicit
 * HOOKBENCH_PORT that is taken fails the start (the user asked for that port).
 * The default port being taken — a headless Hookbench, another tool — moves the
 * door to a free port with a notice: the CLI finds it through instance.json.
 */
export async function startHttpDoor(
  core: Core,
  rendererDir: string,
  env: NodeJS.ProcessEnv = process.env,
  defaultPort = DEFAULT_HTTP_PORT,
): Promise<ControlServer> {
  const explicit = portFromEnv('HOOKBENCH_PORT', env);
  const start = (port: number) => startControlServer({ core, port, rendererDir, extraRoutes: [core.rest] });
  let server: ControlServer;
  try {
    server = await start(explicit ?? defaultPort);
  } catch (err) {
    if (explicit !== undefined) throw new PortInUseError(explicit, 'HOOKBENCH_PORT', codeOf(err));
    server = await start(0);
    core.addNotice(
      `Port ${defaultPort} is in use (${codeOf(err)}), so the REST API listens on port ${server.port}. Set HOOKBENCH_PORT to choose one.`,
    );
  }
  try {
    writeInstanceFile(core.dataDir, {
      pid: process.pid,
      url: `http://127.0.0.1:${server.port}`,
      token: server.token,
      receiverUrl: core.receiverUrl(),
      startedAt: new Date().toISOString(),
    });
  } catch (err) {
    await server.close();
    throw err;
  }
  return server;
}
