import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  isProfileId,
  profileIds,
  type CustomHmacConfig,
  type FusionAuthKey,
  type ProfileId,
} from '../../../shared/model/signing';
import { UsageError } from '../cli-io';

/** Options shared by `sign` and `verify`. */
export interface SigningArgs {
  provider: string;
  secret: string[];
  key: string[];
  custom?: string;
  binary?: boolean;
}

export const collect = (value: string, previous: string[] = []) => [...previous, value];

export function usage(cmd: Command, message: string): UsageError {
  return new UsageError(`${message}\nUsage: hookbench ${cmd.name()} ${cmd.usage()}`);
}

export function providerArg(cmd: Command, value: string): ProfileId {
  if (!isProfileId(value)) throw usage(cmd, `Unknown provider "${value}"; use one of: ${profileIds.join(', ')}.`);
  return value;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

export async function readInput(cmd: Command, path: string, what: string): Promise<Buffer> {
  if (path === '-') return readStdin();
  try {
    return await readFile(path);
  } catch (err) {
    throw usage(
      cmd,
      `Cannot read the ${what} file "${path}": ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`,
    );
  }
}

/**
 * The body's raw bytes. Webhook bodies are JSON text, so bytes that are not
 * UTF-8 usually mean the wrong file; --binary signs them as they are.
 */
export async function readBody(cmd: Command, path: string, binary = false): Promise<Buffer> {
  const bytes = await readInput(cmd, path, 'body');
  if (!binary) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw usage(
        cmd,
        `The body "${path}" is not UTF-8 text (a binary file?). Webhook bodies are JSON text; pass --binary to use its raw bytes anyway.`,
      );
    }
  }
  return bytes;
}

/** Secrets from --secret, else HOOKBENCH_SECRET, so a secret need not sit in shell history. A trailing newline from a file is dropped. */
export function secretsArg(args: SigningArgs): string[] {
  if (args.secret.length) return args.secret;
  const env = process.env.HOOKBENCH_SECRET;
  return env ? [env.replace(/\r?\n$/, '')] : [];
}

export async function keysArg(cmd: Command, files: string[]): Promise<FusionAuthKey[] | undefined> {
  if (!files.length) return undefined;
  return Promise.all(
    files.map(async (file) => {
      const text = (await readInput(cmd, file, 'key')).toString('utf8');
      try {
        const key = JSON.parse(text) as FusionAuthKey;
        if (!key || typeof key !== 'object' || typeof key.kid !== 'string' || typeof key.alg !== 'string')
          throw new Error('needs kid and alg');
        return key;
      } catch (err) {
        throw usage(
          cmd,
          `The key file "${file}" is not a FusionAuth key JSON ({ kid, alg, secret | privateJwk | publicJwk }): ${(err as Error).message}.`,
        );
      }
    }),
  );
}

export function customArg(cmd: Command, json: string | undefined): CustomHmacConfig | undefined {
  if (json === undefined) return undefined;
  try {
    const parsed = JSON.parse(json) as Partial<CustomHmacConfig>;
    if (typeof parsed.header !== 'string') throw new Error('"header" is required');
    return { prefix: '', algorithm: 'sha256', encoding: 'hex', template: '{body}', ...parsed } as CustomHmacConfig;
  } catch (err) {
    throw usage(
      cmd,
      `--custom must be JSON like {"header":"X-Signature","prefix":"sha256=","algorithm":"sha256","encoding":"hex","template":"{body}"}: ${(err as Error).message}.`,
    );
  }
}

export function addSigningOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--provider <profile>', `signing profile: ${profileIds.join(', ')}`)
    .option(
      '--secret <secret>',
      'signing secret; repeat for several (rotation). Defaults to $HOOKBENCH_SECRET',
      collect,
      [],
    )
    .option(
      '--key <file>',
      'FusionAuth key JSON { kid, alg, secret | privateJwk | publicJwk }; repeatable',
      collect,
      [],
    )
    .option(
      '--custom <json>',
      'custom-hmac config JSON: header, prefix, algorithm, encoding, template, idHeader, timestampHeader, toleranceSeconds',
    )
    .option('--binary', 'accept a body that is not UTF-8 text');
}
