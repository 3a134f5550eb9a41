import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { createCore, DataDirError, DataDirLockedError, type Core } from '../../core/index';
import { WeakApiKeyError } from '../../core/rest/api-keys';
import { DEFAULT_RECEIVER_MAX_CONNECTIONS } from '../../core/receiver';
import { defaultDataDir } from '../../core/data-dir';
import { createStreamLogger } from '../../core/log';
import { removeInstanceFile, writeInstanceFile } from '../../core/instance-file';
import { startControlServer } from '../server';
import { intOption, UsageError, type CliIo } from '../cli-io';
import { redactUrl } from '../../core/store/postgres/pg-client';
import { teamMode, withDatabaseOption, type TeamFlags } from '../team-options';

export const DEFAULT_UI_PORT = 7780;

/** The built renderer sits beside the built CLI (out/main → out/renderer). */
function rendererDir(): string {
  return process.env.HOOKBENCH_RENDERER_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
}

export interface ServeOptions extends TeamFlags {
  port: number;
  receiverPort?: number;
  receiverMaxConnections?: number;
  host: string;
  dataDir?: string;
  /** Team mode: how long past its due time a retry stays this node's before another node may take it. */
  leaseMs?: number;
}

/**
 * Starts the core; a data dir that cannot be used or is taken by another
 * Hookbench is a usage error (exit 2) naming the flag and the other process.
 */
export async function startOrExplain(core: Core, flag: string): Promise<void> {
  try {
    await core.start();
  } catch (err) {
    if (err instanceof DataDirLockedError) throw new UsageError(err.message);
    if (err instanceof DataDirError) throw new UsageError(`${flag}: ${err.message}`);
    if (err instanceof WeakApiKeyError) throw new UsageError(err.message);
    throw err;
  }
}

/** Binds the address once on a free port: a host this machine cannot listen on is named before anything starts. */
async function checkHost(host: string): Promise<void> {
  const probe = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(0, host, () => resolve());
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    const why =
      code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'no such address'
        : code === 'EADDRNOTAVAIL'
          ? 'not an address of this machine'
          : code;
    throw new UsageError(
      `--host: cannot listen on "${host}" (${why}). Use 127.0.0.1 (the default) or an address of this machine.`,
    );
  } finally {
    probe.close();
  }
}

export async function serve(opts: ServeOptions, io: CliIo): Promise<void> {
  await checkHost(opts.host);
  const team = teamMode(opts);
  // Listening for Ctrl-C / SIGTERM from the start: a stop asked for right after the URL is printed still cleans up.
  const stopped = io.untilStopped();
  const log = createStreamLogger();
  const core = createCore({
    dataDir: opts.dataDir ?? defaultDataDir(),
    mode: 'headless',
    log,
    bootstrapApiKey: process.env.HOOKBENCH_API_KEY || undefined,
    receiverPort: opts.receiverPort,
    receiverHost: opts.host,
    ...(opts.receiverMaxConnections ? { receiver: { maxConnections: opts.receiverMaxConnections } } : {}),
    ...(team ?? {}),
    ...(opts.leaseMs ? { delivery: { schedule: { leaseMs: opts.leaseMs } } } : {}),
  });
  await startOrExplain(core, '--data-dir');
  if (!core.receiverUrl() && opts.receiverPort !== undefined) {
    await core.stop();
    throw new UsageError(
      `Receiver port ${opts.receiverPort} cannot be used (in use?); pass --receiver-port 0 to pick a free one.`,
    );
  }
  if (opts.host !== '127.0.0.1' && opts.host !== 'localhost' && opts.host !== '::1') {
    io.err(`Warning: listening on ${opts.host} exposes Hookbench beyond this machine; the token is the only lock.`);
  }
  let server;
  try {
    server = await startControlServer({
      core,
      host: opts.host,
      port: opts.port,
      rendererDir: rendererDir(),
      extraRoutes: [core.rest],
    });
  } catch (err) {
    await core.stop();
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE')
      throw new UsageError(`Port ${opts.port} is already in use; pass --port 0 to pick a free one.`);
    if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND')
      throw new UsageError(`Cannot listen on host "${opts.host}".`);
    throw err;
  }
  writeInstanceFile(core.dataDir, {
    pid: process.pid,
    url: `http://127.0.0.1:${server.port}`,
    token: server.token,
    receiverUrl: core.receiverUrl(),
    startedAt: new Date().toISOString(),
  });
  io.out(`Hookbench UI: ${server.url}`);
  io.out(`REST API: http://127.0.0.1:${server.port}/api/v1/ (OpenAPI at /api/v1/openapi.json)`);
  const receiverUrl = core.receiverUrl();
  if (receiverUrl) io.out(`Receiver: ${receiverUrl}`);
  else io.err('Warning: the inbox receiver did not start; see the notices in the UI.');
  io.out(`Data: ${core.dataDir}`);
  const where = core.storage()?.location;
  if (team && where?.backend === 'postgres')
    io.out(`Team mode: ${redactUrl(team.database.url)} (node ${where.nodeId})`);
  io.out('Press Ctrl-C to stop.');
  await stopped;
  io.err('Stopping…');
  removeInstanceFile(core.dataDir);
  await server.close();
  await core.stop();
}

export function register(program: Command, io: CliIo): void {
  withDatabaseOption(program.command('serve'))
    .description('Run headless mode: the Hookbench UI and API over HTTP on this machine')
    .option('--port <n>', 'UI/API port (0 picks a free one)', intOption('--port', 0, 65535), DEFAULT_UI_PORT)
    .option('--receiver-port <n>', 'inbox receiver port (0 picks a free one)', intOption('--receiver-port', 0, 65535))
    .option(
      '--receiver-max-connections <n>',
      `open connections the receiver keeps before refusing new ones (default ${DEFAULT_RECEIVER_MAX_CONNECTIONS})`,
      intOption('--receiver-max-connections', 1, 100_000),
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option(
      '--data-dir <dir>',
      'where settings and the exchange store live (default: $HOOKBENCH_DATA_DIR or ~/.local/share/hookbench)',
    )
    .option(
      '--secret-key-file <path>',
      'team mode: the key every node shares, 32 bytes (default: $HOOKBENCH_SECRET_KEY, then $HOOKBENCH_SECRET_KEY_FILE)',
    )
    .option('--no-migrate', 'team mode: refuse a database whose schema is behind instead of migrating it')
    .option(
      '--lease-ms <ms>',
      "team mode: how long past its due time a retry stays this node's before another node takes it (default 30000)",
      intOption('--lease-ms', 1_000, 3_600_000),
    )
    .action(async (o: ServeOptions & { host: string }) => {
      await serve(o, io);
    });
}
