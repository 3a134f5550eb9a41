import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { formatIssues } from '../../core/api/dispatch';
import { checkEndpointInput } from '../../../shared/api/methods/check';
import { AppFailure } from '../../../shared/api/result';
import type { CheckReport } from '../../../shared/model/check';
import { profileIds } from '../../../shared/model/signing';
import { checkEvents, providerTimeoutMs, runChecks, toJunitXml } from '../../core/check';
import { systemClock } from '../../core/clock';
import { adHocSpec } from '../../core/engine/emitter';
import { HttpSender } from '../../core/engine/http-sender';
import { UnknownEventError } from '../../../shared/catalog';
import { SigningInputError } from '../../core/signing';
import { connect, withConnectionOptions, type ConnectionOptions } from '../api-client';
import { EXIT_FAILED, intOption, UsageError, type CliIo } from '../cli-io';
import { valueOrFlagError } from './flag-errors';
import { collect, customArg, keysArg, usage } from './signing-args';

interface CheckArgs extends ConnectionOptions {
  provider?: string;
  secret: string[];
  key: string[];
  custom?: string;
  url?: string;
  subscription?: string;
  events?: string;
  timeout?: number;
  burst?: number;
  json?: boolean;
  junit?: string;
}

/** checkEndpoint's fields → the flags that set them, so errors name what to change. */
const FLAGS: Record<string, string> = {
  target: '--url / --subscription',
  'target.url': '--url',
  'target.provider': '--provider',
  'target.secret': '--secret',
  'target.secrets': '--secret',
  'target.keys': '--key',
  'target.custom': '--custom',
  'target.id': '--subscription',
  events: '--events',
  timeoutMs: '--timeout',
  burst: '--burst',
};

const mark = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

export function formatReport(r: CheckReport): string {
  const width = Math.max(...r.items.map((i) => i.id.length));
  const lines = [
    `hookbench check: ${r.profile} → ${r.url}`,
    `  events ${r.events.join(', ')} · timeout ${r.timeoutMs} ms · burst ${r.burstSize} · ${r.durationMs} ms`,
    '',
  ];
  for (const i of r.items) {
    lines.push(`${mark[i.outcome]}  ${i.id.padEnd(width)}  ${i.title}${i.required ? '' : ' (advisory)'}`);
    lines.push(`      ${' '.repeat(width)}  ${i.detail}`);
    if (i.fix) lines.push(`      ${' '.repeat(width)}  fix: ${i.fix}`);
  }
  const failed = r.items.filter((i) => i.outcome === 'fail' && i.required).map((i) => i.id);
  lines.push(
    '',
    `${r.counts.pass} passed, ${r.counts.fail} failed, ${r.counts.skip} skipped: ${r.passed ? 'the receiver passes every required check.' : `FAILED (${failed.join(', ')}).`}`,
  );
  return lines.join('\n');
}

function eventsArg(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (!list.length) throw new UsageError('--events takes a comma-separated list of event names.');
  return list;
}

/** Checks a URL right here: nothing needs to be running, and the secret never leaves this process except to the URL. */
async function runLocal(cmd: Command, o: CheckArgs): Promise<CheckReport> {
  const keys = await keysArg(cmd, o.key);
  const secret = o.secret[0] ?? process.env.HOOKBENCH_SECRET?.replace(/\r?\n$/, '');
  const parsed = checkEndpointInput.safeParse({
    target: {
      kind: 'url',
      provider: o.provider,
      url: o.url,
      ...(secret !== undefined ? { secret } : {}),
      ...(keys?.[0] ? { fusionAuthKey: keys[0] } : {}),
      ...(o.custom ? { custom: customArg(cmd, o.custom) } : {}),
    },
    ...(o.events !== undefined ? { events: eventsArg(o.events) } : {}),
    ...(o.timeout !== undefined ? { timeoutMs: o.timeout } : {}),
    ...(o.burst !== undefined ? { burst: o.burst } : {}),
  });
  if (!parsed.success) {
    const { fieldErrors } = formatIssues(parsed.error.issues);
    throw usage(
      cmd,
      Object.entries(fieldErrors)
        .map(([f, m]) => `${FLAGS[f] ?? FLAGS[f.split('.').slice(0, 2).join('.')] ?? f}: ${m.join('; ')}`)
        .join('\n'),
    );
  }
  const input = parsed.data;
  if (input.target.kind !== 'url') throw usage(cmd, 'Give --url with --provider and --secret.');
  const t = input.target;
  const sender = new HttpSender({ connectionsPerOrigin: Math.max(16, input.burst) });
  try {
    return await runChecks(
      adHocSpec(t.provider, t),
      {
        events: checkEvents(t.provider, input.events),
        timeoutMs: input.timeoutMs ?? providerTimeoutMs(t.provider),
        burstSize: input.burst,
      },
      { sender, clock: systemClock },
    );
  } catch (err) {
    if (err instanceof UnknownEventError) throw usage(cmd, `--events: ${err.message}`);
    if (err instanceof SigningInputError)
      throw usage(cmd, `${FLAGS[`target.${err.field}`] ?? '--secret'}: ${err.message}`);
    if (err instanceof AppFailure) throw usage(cmd, err.message.replace('An ad-hoc target', '--url'));
    throw err;
  } finally {
    await sender.close();
  }
}

export function register(program: Command, io: CliIo): void {
  const cmd = program
    .command('check')
    .usage('--provider P --secret S --url URL [--events E,…] [--json] [--junit FILE] | --subscription ID')
    .description(
      'Grade a webhook receiver the way its provider would stress it; exit 0 when every required check passes, 1 when one fails, 2 for bad arguments.',
    );
  withConnectionOptions(cmd)
    .option('--provider <profile>', `signing profile of the receiver: ${profileIds.join(', ')}`)
    .option('--secret <secret>', 'the secret the receiver verifies with (default: $HOOKBENCH_SECRET)', collect, [])
    .option('--key <file>', 'FusionAuth key JSON { kid, alg, secret | privateJwk } instead of --secret', collect, [])
    .option('--custom <json>', 'custom-hmac config JSON (header, prefix, algorithm, encoding, template, …)')
    .option('--url <url>', 'the receiver to check (http or https)')
    .option('--subscription <id>', 'check a subscription of the running Hookbench instead (its secret and settings)')
    .option('--events <list>', 'comma-separated events whose correct delivery must be accepted (default: one)')
    .option(
      '--timeout <ms>',
      "hold answers to this timeout instead of the provider's",
      intOption('--timeout', 100, 120_000),
    )
    .option('--burst <n>', 'concurrent deliveries in the burst check (default 10)', intOption('--burst', 1, 50))
    .option('--json', 'print the scorecard as JSON')
    .option('--junit <file>', 'also write the scorecard as JUnit XML to this file')
    .action(async (o: CheckArgs) => {
      const local = o.url !== undefined || o.provider !== undefined || o.secret.length > 0 || o.key.length > 0;
      if (o.subscription && local)
        throw usage(cmd, 'Give either --subscription ID, or --provider, --secret and --url; not both.');
      if (!o.subscription && !local)
        throw usage(cmd, 'Say what to check: --provider P --secret S --url URL, or --subscription ID.');
      let report: CheckReport;
      if (o.subscription) {
        report = valueOrFlagError(
          await connect(o).call('checkEndpoint', {
            target: { kind: 'subscription', id: o.subscription },
            ...(o.events !== undefined ? { events: eventsArg(o.events) } : {}),
            ...(o.timeout !== undefined ? { timeoutMs: o.timeout } : {}),
            ...(o.burst !== undefined ? { burst: o.burst } : {}),
          }),
          FLAGS,
        );
      } else {
        if (!o.provider) throw usage(cmd, '--provider is required with --url.');
        if (!o.url) throw usage(cmd, '--url is required: the receiver to check.');
        report = await runLocal(cmd, o);
      }
      if (o.junit) {
        try {
          await writeFile(o.junit, toJunitXml(report));
        } catch (err) {
          throw usage(
            cmd,
            `--junit: cannot write "${o.junit}": ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`,
          );
        }
      }
      io.out(o.json ? JSON.stringify(report, null, 2) : formatReport(report));
      if (!report.passed) io.setExitCode(EXIT_FAILED);
    });
}
