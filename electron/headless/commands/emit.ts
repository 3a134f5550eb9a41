import type { Command } from 'commander';
import { findEvent, samplePayload, UnknownEventError } from '../../../shared/catalog';
import { profileIds, type ProfileId } from '../../../shared/model/signing';
import { connect, withConnectionOptions, type ConnectionOptions } from '../api-client';
import type { CliIo } from '../cli-io';
import { valueOrFlagError } from './flag-errors';
import { retriesBySubscription, retryNote } from './retry-note';
import { providerArg, readInput, usage } from './signing-args';

interface EmitArgs extends ConnectionOptions {
  event: string;
  provider?: string;
  data?: string;
  subscription?: string;
  wait?: boolean;
  json?: boolean;
}

const FLAGS: Record<string, string> = {
  event: '--event',
  payload: '--data',
  provider: '--provider',
  target: '--subscription',
  'target.id': '--subscription',
};

/**
 * Unlike `send` (one request, no log), this asks the running Hookbench to
 * deliver: through its engine, to its subscriptions, with retries and the log.
 */
export function register(program: Command, io: CliIo): void {
  const cmd = program
    .command('emit')
    .usage('--event E [--provider P] [--data FILE] [--subscription ID] [--wait] [--json]')
    .description(
      'Have the running Hookbench deliver an event to its matching subscriptions (or one), logged and retried like any delivery.',
    );
  withConnectionOptions(cmd)
    .requiredOption('--event <name>', 'event name (see hookbench events)')
    .option(
      '--provider <profile>',
      `event catalog and envelope: ${profileIds.join(', ')} (default: the --subscription's profile)`,
    )
    .option('--data <file>', "JSON body file, or - for stdin (default: the event's sample payload)")
    .option(
      '--subscription <id>',
      'deliver to this subscription only (default: every enabled one subscribed to the event)',
    )
    .option(
      '--wait',
      'wait for each first attempt and say when a failed one is retried; exit 1 when any did not get a 2xx',
    )
    .option('--json', 'print the result as JSON')
    .action(async (o: EmitArgs) => {
      const client = connect(o);
      let provider: ProfileId;
      if (o.provider) provider = providerArg(cmd, o.provider);
      else if (o.subscription)
        provider = valueOrFlagError(await client.call('getSubscription', { id: o.subscription }), {
          id: '--subscription',
        }).profile;
      else throw usage(cmd, 'Say which catalog the event is from with --provider (or pick a --subscription).');
      let payload: string;
      try {
        findEvent(provider, o.event);
        payload = o.data
          ? (await readInput(cmd, o.data, 'data')).toString('utf8')
          : samplePayload(provider, o.event, { baseTime: Date.now() }).body;
      } catch (err) {
        if (err instanceof UnknownEventError) throw usage(cmd, `--event: ${err.message} Nothing was sent.`);
        throw err;
      }
      const result = valueOrFlagError(
        await client.call('emit', {
          provider,
          event: o.event,
          payload,
          wait: !!o.wait,
          target: o.subscription ? { kind: 'subscription', id: o.subscription } : { kind: 'matching' },
        }),
        FLAGS,
      );
      if (o.json) io.out(JSON.stringify(result, null, 2));
      else {
        io.out(
          `Event ${result.eventId}: ${result.deliveries.length} deliver${result.deliveries.length === 1 ? 'y' : 'ies'}`,
        );
        // A failed first attempt is not the end: say what the engine scheduled, and how many tries are left.
        const failed = result.deliveries.filter((d) => d.firstAttempt && !d.firstAttempt.ok);
        const retries = await retriesBySubscription(
          client,
          failed.flatMap((d) => (d.subscriptionId ? [d.subscriptionId] : [])),
        );
        for (const d of result.deliveries) {
          const a = d.firstAttempt;
          const after = a && !a.ok ? `; ${retryNote(a, retries.get(d.subscriptionId ?? '') ?? null)}` : '';
          io.out(
            `  ${d.deliveryId} → ${d.url}${a ? `: ${a.status ?? 'no response'}${a.error ? ` (${a.error})` : ''}${after}` : ' (queued)'}`,
          );
        }
        for (const r of result.refused)
          io.err(`  refused: subscription "${r.name}" (${r.subscriptionId}) → ${r.url}: ${r.field}: ${r.message}`);
      }
      // Something not sent is a failure of the thing asked for, even when the rest went out.
      if (result.refused.length) io.setExitCode(1);
      if (!result.deliveries.length) {
        io.err('No enabled subscription takes this event: nothing was delivered.');
        io.setExitCode(1);
      } else if (o.wait && result.deliveries.some((d) => !d.firstAttempt?.ok)) io.setExitCode(1);
    });
}
