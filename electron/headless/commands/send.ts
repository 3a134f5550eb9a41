import type { Command } from 'commander';
import { findEvent, samplePayload, UnknownEventError } from '../../../shared/catalog';
import { HEADER_NAME } from '../../../shared/validate/custom-hmac';
import { headerValueProblem } from '../../../shared/validate/http-header';
import { HttpSender } from '../../core/engine/http-sender';
import { buildRequest, deadlineOf } from '../../core/engine/request-builder';
import { newMessageId, SigningInputError } from '../../core/signing';
import { intOption, type CliIo } from '../cli-io';
import {
  addSigningOptions,
  collect,
  customArg,
  keysArg,
  providerArg,
  readInput,
  secretsArg,
  usage,
  type SigningArgs,
} from './signing-args';

interface SendArgs extends SigningArgs {
  event: string;
  to: string;
  data?: string;
  header: string[];
  id?: string;
  connectTimeout: number;
  timeout: number;
  ca?: string;
  json?: boolean;
}

function parseHeaders(cmd: Command, values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const at = v.indexOf(':');
    const shown = JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
    if (at <= 0) throw usage(cmd, `--header must look like "Name: value" (got ${shown}).`);
    const name = v.slice(0, at).trim();
    const value = v.slice(at + 1).trim();
    if (!HEADER_NAME.test(name)) throw usage(cmd, `--header ${shown}: "${name}" is not a valid header name.`);
    const problem = headerValueProblem(value);
    if (problem) throw usage(cmd, `--header ${shown}: ${problem}.`);
    out[name] = value;
  }
  return out;
}

/**
 * One signed delivery, straight from the command line: no data dir, no log,
 * one attempt. Exit 0 on 2xx, 1 on any other answer or no answer, 2 on bad input.
 */
export function register(program: Command, io: CliIo): void {
  const cmd = program
    .command('send')
    .usage('--provider P --secret S --event E --to URL [--data FILE] [--json] [options]')
    .description(
      'Send one signed webhook like the provider does and print status, timing and response (exit 0 on 2xx).',
    );
  addSigningOptions(cmd)
    .requiredOption('--event <name>', 'event name (see hookbench events)')
    .requiredOption('--to <url>', 'endpoint URL (http or https)')
    .option('--data <file>', "JSON body file, or - for stdin (default: the event's sample payload)")
    .option('--header <header>', 'extra header "Name: value"; repeatable', collect, [])
    .option('--id <id>', 'message id (default: a new msg_… id)')
    .option('--connect-timeout <ms>', 'connect timeout', intOption('--connect-timeout', 100, 120_000), 2000)
    .option(
      '--timeout <ms>',
      'read timeout; the whole attempt must end within connect + read',
      intOption('--timeout', 100, 120_000),
      10_000,
    )
    .option('--ca <file>', 'PEM CA certificate to trust (self-signed HTTPS endpoints)')
    .option('--json', 'print the result as JSON')
    .action(async (args: SendArgs) => {
      const profile = providerArg(cmd, args.provider);
      let url: URL;
      try {
        url = new URL(args.to);
      } catch {
        throw usage(cmd, `--to is not a URL: "${args.to}".`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw usage(cmd, '--to must be an http:// or https:// URL.');
      let body: Buffer;
      try {
        findEvent(profile, args.event);
        body = args.data
          ? await readInput(cmd, args.data, 'data')
          : Buffer.from(samplePayload(profile, args.event, { baseTime: Date.now() }).body);
      } catch (err) {
        if (err instanceof UnknownEventError) throw usage(cmd, `${err.message} Nothing was sent.`);
        throw err;
      }
      try {
        JSON.parse(body.toString('utf8'));
      } catch (err) {
        throw usage(cmd, `The data is not valid JSON (${(err as Error).message}); nothing was sent.`);
      }
      const keys = await keysArg(cmd, args.key);
      const custom = customArg(cmd, args.custom);
      const ca = args.ca ? (await readInput(cmd, args.ca, 'CA certificate')).toString('utf8') : null;
      const target = {
        url: url.href,
        profile,
        headers: parseHeaders(cmd, args.header),
        basicAuth: null,
        connectTimeoutMs: args.connectTimeout,
        readTimeoutMs: args.timeout,
        caCertificatePem: ca,
        material: { secrets: secretsArg(args), ...(keys ? { keys } : {}), ...(custom ? { custom } : {}) },
      };
      let built;
      try {
        built = await buildRequest(target, { id: args.id ?? newMessageId(), event: args.event, body }, Date.now());
      } catch (err) {
        if (err instanceof SigningInputError) throw usage(cmd, err.message);
        throw err;
      }
      const sender = new HttpSender();
      try {
        const r = await sender.send({
          url: url.href,
          headers: built.headers,
          body: built.body,
          connectTimeoutMs: args.connectTimeout,
          deadlineMs: deadlineOf(target),
          caCertificatePem: ca,
        });
        const status = r.error ? null : (r.response?.status ?? null);
        const ok = status !== null && status >= 200 && status < 300;
        const responseBody = r.response ? Buffer.from(r.response.body).toString('utf8') : '';
        if (args.json) {
          io.out(
            JSON.stringify(
              {
                ok,
                status: r.response?.status ?? null,
                error: r.error,
                timings: r.timings,
                request: { url: url.href, headers: built.loggedHeaders },
                response: r.response
                  ? { headers: r.response.headers, body: responseBody, truncated: r.response.truncated }
                  : null,
              },
              null,
              2,
            ),
          );
        } else {
          const t = r.timings;
          io.out(
            `${r.response ? `${r.response.status}` : 'no response'}${r.error ? ` (${r.error})` : ''}  connect ${t.connectMs ?? '-'} ms · first byte ${t.firstByteMs ?? '-'} ms · total ${t.totalMs ?? '-'} ms`,
          );
          if (responseBody) io.out(responseBody);
        }
        if (!ok) io.setExitCode(1);
      } finally {
        await sender.close();
      }
    });
}
