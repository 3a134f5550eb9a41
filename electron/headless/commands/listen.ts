import type { Command } from 'commander';
import type { CaptureSummary, InboxView } from '../../../shared/model/inbox';
import type { Result } from '../../../shared/api/result';
import { createCore, type Core } from '../../core/index';
import { defaultDataDir } from '../../core/data-dir';
import { createStreamLogger, type Logger } from '../../core/log';
import { DEFAULT_RECEIVER_PORT } from '../../core/receiver';
import { intOption, UsageError, type CliIo } from '../cli-io';
import { startOrExplain } from './serve';
import { collect, providerArg, usage } from './signing-args';

interface ListenArgs {
  inbox: string;
  provider?: string;
  secret: string[];
  forwardTo?: string;
  respondWith: string;
  port: number;
  dataDir?: string;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** One line per capture: time, method, path, size, verdict, forward status, what the sender got. */
export function captureLine(c: CaptureSummary): string {
  const time = c.receivedAt.slice(11, 19);
  const path = c.query ? `${c.path}?${c.query}` : c.path;
  const verdict = c.rejectedReason
    ? `rejected: ${c.rejectedReason}`
    : !c.verification
      ? 'unverified'
      : c.verification.valid
        ? `verified (${c.verification.profile})`
        : `INVALID (${c.verification.profile}): ${c.verification.verdict}`;
  const fwd = c.forward ? `  forward ${c.forward.status ?? `failed: ${c.forward.error}`}` : '';
  const answered = c.fault ? `${c.fault}` : String(c.status);
  return `${time}  ${c.method} ${path}  ${formatSize(c.size)}  ${verdict}${fwd}  → ${answered}`;
}

/** The inbox fields listen's flags set, for messages that name the flag to fix. */
const FLAGS: Record<string, string> = {
  'forwarding.url': '--forward-to',
  forwarding: '--forward-to',
  verification: '--provider / --secret',
  'verification.profile': '--provider',
  'verification.secrets': '--secret',
  name: '--inbox',
};

function value<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  const fields = Object.entries(r.error.fieldErrors ?? {});
  if (!fields.length) throw new UsageError(r.error.message);
  throw new UsageError(
    fields
      .map(([field, messages]) => {
        const flag = FLAGS[field] ?? FLAGS[field.replace(/\.\d+$/, '')] ?? FLAGS[field.split('.')[0]!] ?? field;
        return `${flag}: ${messages.join('; ')}`;
      })
      .join('\n'),
  );
}

/** Finds the inbox by name (or slug) and applies the flags given; creates it when it does not exist. */
async function ensureInbox(core: Core, cmd: Command, args: ListenArgs): Promise<InboxView> {
  const verification = args.provider ? { profile: providerArg(cmd, args.provider), secrets: args.secret } : undefined;
  if (args.secret.length && !args.provider)
    throw usage(cmd, '--secret needs --provider (which signing scheme to verify with).');
  if (args.respondWith !== 'target' && args.respondWith !== 'rule')
    throw usage(cmd, '--respond-with is "target" or "rule".');
  const forwarding = args.forwardTo
    ? { url: args.forwardTo, respondWith: args.respondWith as 'target' | 'rule' }
    : undefined;
  const service = core.inboxes()!;
  const found = service.byName(args.inbox) ?? service.bySlug(args.inbox);
  if (!found)
    return value(
      await core.api.createInbox({
        name: args.inbox,
        ...(verification ? { verification } : {}),
        ...(forwarding ? { forwarding } : {}),
      }),
    );
  if (verification) value(await core.api.updateInbox({ id: found.id, verification }));
  if (forwarding) value(await core.api.setForwarding({ id: found.id, ...forwarding }));
  return value(await core.api.getInbox({ id: found.id }));
}

/** Warnings and errors only: the capture lines are the output. */
function quietLogger(io: CliIo): Logger {
  const stream = createStreamLogger((line) => io.err(line));
  return { info() {}, warn: stream.warn, error: stream.error };
}

export async function listen(cmd: Command, args: ListenArgs, io: CliIo): Promise<void> {
  // Listening for Ctrl-C / SIGTERM from the start: a stop sent as soon as the URL is printed must not
  // meet Node's default action (an exit by signal, with nothing cleaned up).
  const stopped = io.untilStopped();
  const dataDir = args.dataDir ?? defaultDataDir();
  const core = createCore({ dataDir, mode: 'cli', log: quietLogger(io), receiverPort: args.port });
  await startOrExplain(core, '--data-dir');
  let stop: (() => void) | undefined;
  try {
    if (!core.receiverUrl())
      throw new UsageError(`Receiver port ${args.port} cannot be used (in use?); pass --port 0 to pick a free one.`);
    const inbox = await ensureInbox(core, cmd, args);
    stop = core.events.subscribe((m) => {
      if (m.name !== 'capture.received') return;
      const c = m.payload as CaptureSummary;
      // Requests to a mistyped /in/<slug> are shown too: this process owns the receiver, and a typo is the usual reason nothing arrives.
      if (c.inboxId === inbox.id || c.inboxId === '') io.out(captureLine(c));
    });
    io.out(`Listening: ${inbox.url}`);
    if (inbox.portUrl) io.out(`Also on: ${inbox.portUrl}`);
    const v = inbox.verification;
    io.out(
      `Verifying: ${v ? `${v.profile} with ${v.secrets.length + v.keys.length} secret(s)/key(s)` : 'no (pass --provider and --secret)'}`,
    );
    if (inbox.forwarding)
      io.out(
        `Forwarding to: ${inbox.forwarding.url} (answering with the ${inbox.forwarding.respondWith === 'target' ? "target's response" : 'response rule'})`,
      );
    io.out('Press Ctrl-C to stop.');
    await stopped;
  } finally {
    stop?.();
    await core.stop();
  }
}

export function register(program: Command, io: CliIo): void {
  const cmd = program
    .command('listen')
    .usage('--inbox NAME [--provider P --secret S] [--forward-to URL] [--port N] [--data-dir D]')
    .description('Receive webhooks in an inbox (created if needed) and print one line per request until Ctrl-C.');
  cmd
    .requiredOption('--inbox <name>', 'inbox name (or slug); created when it does not exist')
    .option('--provider <p>', 'verify captures with this signing profile')
    .option('--secret <s>', 'signing secret to verify with (repeat for rotated secrets)', collect, [])
    .option('--forward-to <url>', 'forward each request to this URL (sub-path and query appended)')
    .option(
      '--respond-with <who>',
      'with --forward-to: answer with the "target" response or the inbox\'s "rule"',
      'target',
    )
    .option('--port <n>', `receiver port (0 picks a free one)`, intOption('--port', 0, 65535), DEFAULT_RECEIVER_PORT)
    .option(
      '--data-dir <dir>',
      'where settings and the exchange store live (default: $HOOKBENCH_DATA_DIR or ~/.local/share/hookbench)',
    )
    .action(async (args: ListenArgs) => {
      await listen(cmd, args, io);
    });
}
