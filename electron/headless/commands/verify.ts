import type { Command } from 'commander';
import type { HeaderMap, VerifyResult } from '../../../shared/model/signing';
import { SigningInputError, verify } from '../../core/signing';
import { EXIT_FAILED, intOption, type CliIo } from '../cli-io';
import {
  addSigningOptions,
  customArg,
  keysArg,
  providerArg,
  readBody,
  readInput,
  secretsArg,
  usage,
  type SigningArgs,
} from './signing-args';

interface VerifyArgs extends SigningArgs {
  headers: string;
  body: string;
  now?: number;
  tolerance?: number;
  json?: boolean;
}

function parseHeaders(cmd: Command, text: string, file: string): HeaderMap {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw usage(
      cmd,
      `The headers file "${file}" is not JSON (${(err as Error).message}). Write the headers as a JSON object, e.g. {"webhook-id":"msg_…","webhook-signature":"v1,…"}.`,
    );
  }
  const valid =
    parsed !== null &&
    typeof parsed === 'object' &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every(
      (v) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')),
    );
  if (!valid) throw usage(cmd, `The headers file "${file}" must hold one JSON object of header name → string value.`);
  return parsed as HeaderMap;
}

export function formatResult(r: VerifyResult): string {
  const lines = [`${r.valid ? 'VALID' : 'INVALID'} (${r.profile}): ${r.verdict}`];
  for (const s of r.steps) lines.push(`  ${s.ok ? 'ok  ' : 'FAIL'} ${s.name}: ${s.detail}`);
  if (r.hints.length) {
    lines.push('Hints:');
    for (const h of r.hints) lines.push(`  - [${h.code}] ${h.message}`);
  }
  if (r.computed) {
    const c = r.computed;
    lines.push(
      `Computed: ${c.algorithm} over ${c.signedContent} (${c.signedContentLength} bytes; body ${c.bodyLength} bytes starting "${c.bodyPreview.slice(0, 60)}")`,
    );
    if (c.expected) lines.push(`  expected ${c.expected}`);
    if (c.received?.length) lines.push(`  received ${c.received.join(' ')}`);
  }
  return lines.join('\n');
}

export function register(program: Command, io: CliIo): void {
  const cmd = program
    .command('verify')
    .usage('--provider P --secret S --headers FILE --body FILE [--now UNIX] [--json] [options]')
    .description('Verify a captured request; exit 0 valid, 1 invalid (with the explanation), 2 bad arguments.');
  addSigningOptions(cmd)
    .requiredOption('--headers <file>', 'JSON object of the request headers, or - for stdin')
    .requiredOption('--body <file>', 'raw body file, or - for stdin')
    .option(
      '--now <unix>',
      'check timestamps against this Unix time instead of the clock',
      intOption('--now', 0, 2 ** 40),
    )
    .option('--tolerance <seconds>', "override the profile's timestamp tolerance", intOption('--tolerance', 0, 10 ** 9))
    .option('--json', 'print the full result as JSON')
    .action(async (args: VerifyArgs) => {
      const profile = providerArg(cmd, args.provider);
      if (args.headers === '-' && args.body === '-')
        throw usage(cmd, 'Only one of --headers and --body can read stdin.');
      const headers = parseHeaders(cmd, (await readInput(cmd, args.headers, 'headers')).toString('utf8'), args.headers);
      const body = await readBody(cmd, args.body, args.binary);
      const keys = await keysArg(cmd, args.key);
      let result: VerifyResult;
      try {
        result = await verify({
          profile,
          headers,
          body,
          secrets: secretsArg(args),
          ...(args.now !== undefined ? { now: args.now } : {}),
          ...(args.tolerance !== undefined ? { toleranceSeconds: args.tolerance } : {}),
          ...(keys ? { keys } : {}),
          ...(args.custom ? { custom: customArg(cmd, args.custom)! } : {}),
        });
      } catch (err) {
        if (err instanceof SigningInputError) throw usage(cmd, err.message);
        throw err;
      }
      io.out(args.json ? JSON.stringify(result, null, 2) : formatResult(result));
      if (!result.valid) io.setExitCode(EXIT_FAILED);
    });
}
