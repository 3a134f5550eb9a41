import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { AccountsFileError, createCore, DataDirError, DataDirLockedError, type Core } from '../../core/index';
import { passwordProblem } from '../../core/accounts/users';
import { emailSchema } from '../../../shared/api/methods/accounts';
import { checkNetwork, isLoopbackHost, type Network, type NetworkFlags } from '../network-options';
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

export interface ServeOptions extends NetworkFlags, TeamFlags {
  port: number;
  receiverPort?: number;
  receiverMaxConnections?: number;
  host: string;
  dataDir?: string;
  /** Team mode: how long past its due time a retry stays this node's before another node may take it. */
  leaseMs?: number;
}

/** HOOKBENCH_ADMIN_EMAIL and HOOKBENCH_ADMIN_PASSWORD, both or neither, checked before anything starts. */
export function bootstrapAdminFrom(env: NodeJS.ProcessEnv): { email: string; password: string } | undefined {
  const email = env.HOOKBENCH_ADMIN_EMAIL?.trim();
  const password = env.HOOKBENCH_ADMIN_PASSWORD;
  if (!email && !password) return undefined;
  if (!email || !password)
    throw new UsageError(
      email
        ? 'HOOKBENCH_ADMIN_EMAIL needs HOOKBENCH_ADMIN_PASSWORD (the first admin’s password).'
        : 'HOOKBENCH_ADMIN_PASSWORD needs HOOKBENCH_ADMIN_EMAIL (the first admin’s email).',
    );
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) throw new UsageError(`HOOKBENCH_ADMIN_EMAIL: "${email}" is not an email address.`);
  const problem = passwordProblem(password, parsed.data);
  if (problem) throw new UsageError(`HOOKBENCH_ADMIN_PASSWORD is too weak: ${problem}.`);
  return { email: parsed.data, password };
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
    if (err instanceof AccountsFileError) throw new UsageError(`${flag}: ${err.message}`);
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

/** The address this machine's CLI uses to reach us (instance.json): the bound address, or loopback for a wildcard. */
function localUrl(net: Network, port: number): string {
  const h =
    net.host === '0.0.0.0' || net.host === '::' ? '127.0.0.1' : net.host.includes(':') ? `[${net.host}]` : net.host;
  return `${net.tls ? 'https' : 'http'}://${h}:${port}`;
}

export async function serve(opts: ServeOptions, io: CliIo): Promise<void> {
  await checkHost(opts.host);
  const net = checkNetwork(opts);
  const bootstrapAdmin = bootstrapAdminFrom(process.env);
  const team = teamMode(opts);
  // Listening for Ctrl-C / SIGTERM from the start: a stop asked for right after the URL is printed still cleans up.
  const stopped = io.untilStopped();
  const log = createStreamLogger();
  const core = createCore({
    dataDir: opts.dataDir ?? defaultDataDir(),
    mode: 'headless',
    log,
    bootstrapApiKey: process.env.HOOKBENCH_API_KEY || undefined,
    bootstrapAdmin,
    receiverPort: opts.receiverPort,
    receiverHost: opts.host,
    receiver: {
      ...(opts.receiverMaxConnections ? { maxConnections: opts.receiverMaxConnections } : {}),
      ...(net.tls ? { tls: { cert: net.tls.cert, key: net.tls.key } } : {}),
      publicUrl: net.publicReceiverUrl,
      publicHost: net.publicUrl,
    },
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
  const signIn = (await core.accounts()?.users.hasUsers()) ?? false;
  if (!isLoopbackHost(opts.host) && !signIn)
    io.err(
      `Warning: listening on ${opts.host} with no accounts: the token in the URL below is the only lock. Create an admin (hookbench users create EMAIL --role admin, or HOOKBENCH_ADMIN_EMAIL/HOOKBENCH_ADMIN_PASSWORD) to require sign-in.`,
    );
  let server;
  try {
    server = await startControlServer({
      core,
      host: opts.host,
      port: opts.port,
      rendererDir: rendererDir(),
      extraRoutes: [core.rest],
      tls: net.tls ?? undefined,
      trustProxy: net.trustProxy,
      publicUrl: net.publicUrl ?? undefined,
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
    url: localUrl(net, server.port),
    token: server.token,
    receiverUrl: core.receiverUrl(),
    startedAt: new Date().toISOString(),
    ...(net.tls ? { tls: { certificate: net.tls.cert, fingerprint256: net.tls.fingerprint256 } } : {}),
  });
  // With accounts, people sign in: the token (the local owner's) stays in instance.json for this machine's CLI.
  io.out(signIn ? `Hookbench UI: ${server.baseUrl} (sign in)` : `Hookbench UI: ${server.url}`);
  io.out(`REST API: ${server.baseUrl}api/v1/ (OpenAPI at /api/v1/openapi.json)`);
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
    .option(
      '--host <host>',
      'address to listen on; beyond loopback it needs --tls-cert/--tls-key or --trust-proxy',
      '127.0.0.1',
    )
    .option('--tls-cert <file>', 'serve HTTPS (UI, APIs and receiver) with this PEM certificate (chain after it)')
    .option('--tls-key <file>', 'the PEM private key of --tls-cert')
    .option(
      '--trust-proxy <cidr>',
      'a reverse proxy in front that terminates TLS: its address or CIDR (comma-separated); its X-Forwarded-For/-Proto are believed and other peers refused',
    )
    .option(
      '--public-url <url>',
      'the address people open (e.g. https://hookbench.example.com): allowed as Host and Origin',
    )
    .option(
      '--public-receiver-url <url>',
      'where providers reach the inboxes (e.g. https://hooks.example.com), shown in inbox URLs; default: --public-url’s host on the receiver port',
    )
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
