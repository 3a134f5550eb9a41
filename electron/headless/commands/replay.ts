import type { Command } from 'commander';
import type { MethodInput } from '../../../shared/api/contract';
import {
  BULK_REPLAY_RATE,
  isFinished,
  type BulkReplayJob,
  type BulkReplayRate,
} from '../../../shared/model/bulk-replay';
import { profileIds } from '../../../shared/model/signing';
import { connect, withConnectionOptions, type ApiClient, type ConnectionOptions } from '../api-client';
import { UsageError, type CliIo } from '../cli-io';
import { toLogFilter, withLogFilterOptions, type LogFilterFlags } from '../exchange-filter-options';
import { LOG_FILTER_FLAGS, valueOrFlagError } from './flag-errors';
import { providerArg, readInput, usage } from './signing-args';

interface ReplayArgs extends ConnectionOptions, LogFilterFlags {
  id?: string;
  to?: string;
  toSubscription?: string;
  provider?: string;
  secret?: string;
  body?: string;
  dryRun?: boolean;
  rate?: BulkReplayRate;
  json?: boolean;
}

type Target = NonNullable<MethodInput<'bulkReplay'>['target']>;

const FLAGS: Record<string, string> = {
  ...LOG_FILTER_FLAGS,
  id: '--id',
  body: '--body',
  ratePerSecond: '--rate',
  target: '--to / --to-subscription',
  'target.url': '--to',
  'target.id': '--to-subscription',
  'target.provider': '--provider',
  'target.secret': '--secret',
};

function rateOption(value: string): BulkReplayRate {
  if (value === 'max') return 'max';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > BULK_REPLAY_RATE.max)
    throw new UsageError(`--rate must be a whole number from 1 to ${BULK_REPLAY_RATE.max}, or "max" (got "${value}").`);
  return n;
}

const exchanges = (n: number) => `${n} exchange${n === 1 ? '' : 's'}`;

/** How often a bulk run asks for progress; the job itself runs in the Hookbench instance. */
const POLL_MS = 250;

function targetArg(cmd: Command, o: ReplayArgs): Target | undefined {
  if (o.to && o.toSubscription) throw usage(cmd, 'Give --to URL or --to-subscription ID, not both.');
  if ((o.provider || o.secret) && !o.to) throw usage(cmd, '--provider and --secret sign a replay sent with --to URL.');
  if (o.toSubscription) return { kind: 'subscription', id: o.toSubscription };
  if (!o.to) return undefined;
  return {
    kind: 'url',
    url: o.to,
    headers: {},
    connectTimeoutMs: 5000,
    readTimeoutMs: 10_000,
    ...(o.provider ? { provider: providerArg(cmd, o.provider) } : {}),
    ...(o.secret ? { secret: o.secret } : {}),
  };
}

const hasFilter = (o: LogFilterFlags) =>
  [o.kind, o.outcome, o.event, o.subscription, o.inbox, o.status, o.since, o.until, o.search].some(
    (v) => v !== undefined,
  );

async function replayOne(cmd: Command, client: ApiClient, o: ReplayArgs, io: CliIo): Promise<void> {
  if (hasFilter(o) || o.dryRun || o.rate !== undefined)
    throw usage(
      cmd,
      '--id replays one exchange: filter flags, --dry-run and --rate are for a bulk replay (leave out --id).',
    );
  const target = targetArg(cmd, o);
  const body = o.body !== undefined ? (await readInput(cmd, o.body, 'body')).toString('utf8') : undefined;
  const result = valueOrFlagError(
    await client.call('replay', {
      id: o.id!,
      wait: true,
      ...(target ? { target } : {}),
      ...(body !== undefined ? { body } : {}),
    }),
    FLAGS,
  );
  if (o.json) io.out(JSON.stringify(result, null, 2));
  for (const d of result.deliveries) {
    const a = d.firstAttempt;
    if (!o.json)
      io.out(
        `${d.deliveryId} → ${d.url}: ${a ? (a.status ?? 'no response') : 'queued'}${a?.error ? ` (${a.error})` : ''}${a?.durationMs != null ? ` in ${a.durationMs} ms` : ''}`,
      );
    if (!a?.ok) io.setExitCode(1);
  }
}

const progressLine = (j: BulkReplayJob) =>
  `replayed ${j.done}/${j.total} (${j.succeeded} ok, ${j.failed} failed)${j.state === 'running' ? '' : ` — ${j.state}`}`;

async function replayBulk(cmd: Command, client: ApiClient, o: ReplayArgs, io: CliIo): Promise<void> {
  if (o.body !== undefined) throw usage(cmd, '--body edits one replay: use it with --id.');
  // Replaying the whole log is never what a mistyped command should do.
  if (!hasFilter(o))
    throw usage(
      cmd,
      'Give --id ID for one exchange, or filter flags (e.g. --outcome failed --since 1h) for a bulk replay.',
    );
  const target = targetArg(cmd, o);
  const filter = toLogFilter(o);
  const started = valueOrFlagError(
    await client.call('bulkReplay', {
      ...filter,
      dryRun: !!o.dryRun,
      ...(o.rate !== undefined ? { ratePerSecond: o.rate } : {}),
      ...(target ? { target } : {}),
    }),
    FLAGS,
  );
  if (o.dryRun || !started.job) {
    const n = started.count;
    io.out(
      o.json
        ? JSON.stringify({ count: n })
        : n === 0
          ? 'No exchange matches the filter: nothing would be replayed.'
          : `${exchanges(n)} would be replayed.`,
    );
    return;
  }
  let job = started.job;
  const pace = job.ratePerSecond === 'max' ? 'as fast as the engine goes' : `at up to ${job.ratePerSecond}/s`;
  io.err(`Bulk replay ${job.id}: ${exchanges(job.total)} ${pace} (Ctrl-C cancels).`);
  let interrupted = false;
  const stopped = io.untilStopped().then(() => (interrupted = true));
  let last = '';
  while (!isFinished(job.state)) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([stopped, new Promise((r) => (timer = setTimeout(r, POLL_MS)))]);
    clearTimeout(timer);
    if (interrupted && job.state === 'running') {
      io.err('Cancelling: replays in flight finish first…');
      valueOrFlagError(await client.call('cancelBulkReplay', undefined), {});
    }
    const now = valueOrFlagError(await client.call('getBulkReplay', undefined), {});
    if (!now || now.id !== job.id) throw new Error('Lost track of the bulk replay (was Hookbench restarted?).');
    job = now;
    const line = progressLine(job);
    if (line !== last) io.err(line);
    last = line;
  }
  if (o.json) io.out(JSON.stringify(job, null, 2));
  else
    io.out(
      `Bulk replay ${job.state}: ${job.done} of ${job.total} replayed, ${job.succeeded} succeeded, ${job.failed} failed.`,
    );
  for (const e of job.errors) io.err(`  ${e.id}: ${e.message}`);
  if (job.failed > job.errors.length)
    io.err(`  … and ${job.failed - job.errors.length} more (see "hookbench deliveries list --outcome failed").`);
  if (job.failed > 0 || job.state !== 'completed') io.setExitCode(1);
}

export function register(program: Command, io: CliIo): void {
  const cmd = program
    .command('replay')
    .usage(
      '--id ID [--to URL | --to-subscription ID] [--body FILE]\n       hookbench replay --outcome failed --since 1h [--dry-run] [--rate N|max] [filter flags]',
    )
    .description(
      'Send logged deliveries or captures again, re-signed with a fresh timestamp: one by --id, or every match of the filter flags as a throttled bulk job (exit 1 when any replay failed).',
    );
  withLogFilterOptions(withConnectionOptions(cmd))
    .option('--id <id>', 'the delivery or capture to replay (see "deliveries list")')
    .option('--to <url>', 'send to this URL instead of the original target (captures need a target)')
    .option('--provider <profile>', `with --to: signing profile (${profileIds.join(', ')}); default the original's`)
    .option('--secret <secret>', 'with --to: signing secret')
    .option('--to-subscription <id>', 'send to this subscription instead of the original target')
    .option('--body <file>', 'with --id: replay this body instead of the logged one (- for stdin)')
    .option('--dry-run', 'bulk: only count what would be replayed')
    .option(
      '--rate <n|max>',
      `bulk: at most this many replays per second, or "max" for as fast as the engine goes (default ${BULK_REPLAY_RATE.default})`,
      rateOption,
    )
    .option('--json', 'print the result as JSON')
    .action(async (o: ReplayArgs) => {
      if (o.id !== undefined && !o.id.trim()) throw new UsageError('--id needs a delivery or capture id.');
      const client = connect(o);
      if (o.id !== undefined) await replayOne(cmd, client, o, io);
      else await replayBulk(cmd, client, o, io);
    });
}
