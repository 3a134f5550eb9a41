import { Option, type Command } from 'commander';
import { profileIds } from '../../../shared/model/signing';
import type { IssuedSecret, Subscription } from '../../../shared/model/subscription';
import { connect, withConnectionOptions, type ConnectionOptions } from '../api-client';
import type { CliIo } from '../cli-io';
import { providerArg, usage } from './signing-args';
import { table, valueOrFlagError } from './flag-errors';

type JsonOpt = ConnectionOptions & { json?: boolean };

interface CreateArgs extends JsonOpt {
  url: string;
  name: string;
  provider?: string;
  /** The flag's old name, kept working but no longer shown. */
  profile?: string;
  events: string;
  secret?: string;
  description?: string;
  disabled?: boolean;
}

/** createSubscription's fields → the flags that set them, for error messages. */
const CREATE_FLAGS: Record<string, string> = {
  url: '--url',
  name: '--name',
  profile: '--provider',
  events: '--events',
  secret: '--secret',
  description: '--description',
};

function eventsArg(cmd: Command, value: string): string[] | 'all' {
  if (value.trim() === 'all') return 'all';
  const list = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (!list.length) throw usage(cmd, '--events takes a comma-separated list of event names, or "all".');
  return list;
}

function issuedLines(issued: IssuedSecret): string[] {
  if (issued.secret) return [`Secret: ${issued.secret}`];
  const lines: string[] = [];
  if (issued.kid) lines.push(`Key id: ${issued.kid}`);
  if (issued.publicKeyPem) lines.push('Public key (verify with this):', issued.publicKeyPem.trimEnd());
  return lines;
}

const eventsText = (s: Subscription) => (s.events === 'all' ? 'all' : s.events.join(','));

export function register(program: Command, io: CliIo): void {
  const subs = program
    .command('subscriptions')
    .description('List, create and delete the subscriptions deliveries go to');

  withConnectionOptions(subs.command('list').description('List subscriptions (secrets masked)'))
    .option('--json', 'print JSON')
    .action(async (o: JsonOpt) => {
      const list = valueOrFlagError(await connect(o).call('listSubscriptions', undefined), {});
      if (o.json) return io.out(JSON.stringify(list, null, 2));
      if (!list.length)
        return io.out('No subscriptions. Create one with "hookbench subscriptions create --url URL --name NAME".');
      io.out(
        table(
          ['ID', 'NAME', 'PROFILE', 'STATE', 'EVENTS', 'URL'],
          list.map((s) => [
            s.id,
            s.name,
            s.profile,
            s.enabled ? 'enabled' : `disabled${s.disabledReason ? ` (${s.disabledReason})` : ''}`,
            eventsText(s),
            s.url,
          ]),
        ),
      );
    });

  const create = subs
    .command('create')
    .usage('--url URL --name NAME [--provider P] [--events E1,E2|all] [--secret S] [--json]')
    .description('Create a subscription; its secret (given or generated) is printed once');
  withConnectionOptions(create)
    .requiredOption('--url <url>', 'the endpoint deliveries go to (http or https)')
    .requiredOption('--name <name>', 'a name to recognise it by')
    .option('--provider <profile>', `signing profile: ${profileIds.join(', ')} (default: "standard-webhooks")`)
    .addOption(new Option('--profile <profile>').hideHelp())
    .option('--events <list>', 'comma-separated event names, or "all"', 'all')
    .option('--secret <secret>', "signing secret to use (default: a new one in the provider's format)")
    .option('--description <text>', 'a longer description')
    .option('--disabled', 'create it disabled')
    .option('--json', 'print JSON (the secret included, this once)')
    .action(async (o: CreateArgs) => {
      if (o.provider !== undefined && o.profile !== undefined && o.provider !== o.profile)
        throw usage(create, '--profile is the old name of --provider: give one of them.');
      const profile = providerArg(create, o.provider ?? o.profile ?? 'standard-webhooks');
      const input = {
        url: o.url,
        name: o.name,
        profile,
        events: eventsArg(create, o.events),
        ...(o.secret !== undefined ? { secret: o.secret } : {}),
        ...(o.description !== undefined ? { description: o.description } : {}),
        ...(o.disabled ? { enabled: false } : {}),
      };
      const created = valueOrFlagError(await connect(o).call('createSubscription', input), CREATE_FLAGS);
      if (o.json) return io.out(JSON.stringify(created, null, 2));
      const s = created.subscription;
      io.out(`Created ${s.id} (${s.name}, ${s.profile}) → ${s.url}\nEvents: ${eventsText(s)}`);
      io.out(issuedLines(created.issued).join('\n'));
      io.err('(the secret is shown once — store it now)');
    });

  withConnectionOptions(
    subs
      .command('delete')
      .description('Delete a subscription and cancel its pending retries')
      .argument('<id>', 'the subscription id from "subscriptions list"'),
  )
    .option('--json', 'print JSON')
    .action(async (id: string, o: JsonOpt) => {
      const result = valueOrFlagError(await connect(o).call('deleteSubscription', { id }), { id: '<id>' });
      if (o.json) return io.out(JSON.stringify(result));
      io.out(
        `Deleted ${id}${result.cancelledDeliveries ? `; cancelled ${result.cancelledDeliveries} pending deliveries` : ''}.`,
      );
    });
}
