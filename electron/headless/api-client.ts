import type { Command } from 'commander';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract';
import { fail, type Result } from '../../shared/api/result';
import { defaultDataDir } from '../core/data-dir';
import { Agent, fetch as undiciFetch } from 'undici';
import { desktopDataDir, findRunningInstance, type InstanceInfo } from '../core/instance-file';
import { pinnedTlsOptions } from '../core/http/tls-files';
import { v1Routes } from '../core/rest/v1-routes';
import { UsageError } from './cli-io';

export interface ConnectionOptions {
  dataDir?: string;
  server?: string;
  apiKey?: string;
}

export interface ApiClient {
  /** Where the calls go, for messages. */
  target: string;
  call<K extends MethodName>(name: K, input: MethodInput<K>): Promise<Result<MethodOutput<K>>>;
}

/** The flags every command that talks to a running Hookbench shares. */
export function withConnectionOptions(cmd: Command): Command {
  return cmd
    .option(
      '--data-dir <dir>',
      "find the running Hookbench of this data dir (default: $HOOKBENCH_DATA_DIR, else headless mode's ~/.local/share/hookbench, then the desktop app's data dir)",
    )
    .option(
      '--server <url>',
      'talk to the Hookbench at this URL over its REST API (needs --api-key or $HOOKBENCH_API_KEY)',
    )
    .option('--api-key <key>', 'API key for --server (default: $HOOKBENCH_API_KEY)');
}

/** fetch says only "fetch failed": the cause (ECONNREFUSED, ENOTFOUND…) is what tells the user what to fix. */
function reason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code)
    return cause.code === 'ECONNREFUSED' ? 'ECONNREFUSED (nothing listens there: is it running?)' : cause.code;
  return cause?.message ? `${(err as Error).message} (${cause.message})` : (err as Error).message;
}

async function asResult(response: Response): Promise<Result<never>> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    return fail('internal', `Hookbench answered ${response.status} with a body that is not JSON.`);
  }
  return body as Result<never>;
}

/**
 * HTTPS to our own port on 127.0.0.1: the certificate names the public host,
 * so the server is recognised by the fingerprint serve wrote in instance.json.
 */
function pinnedFetch(tls: NonNullable<InstanceInfo['tls']>): typeof fetch {
  const dispatcher = new Agent({ connect: pinnedTlsOptions(tls.certificate, tls.fingerprint256) });
  return ((input: string, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher })) as unknown as typeof fetch;
}

/** Local: the instance file's URL and token, over /rpc. */
function rpcClient(instance: Pick<InstanceInfo, 'url' | 'token' | 'tls'>): ApiClient {
  const { url, token } = instance;
  const fetch = instance.tls ? pinnedFetch(instance.tls) : globalThis.fetch;
  return {
    target: url,
    async call(name, input) {
      try {
        const res = await fetch(`${url}/rpc/${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: input === undefined ? '' : JSON.stringify(input),
        });
        return asResult(res);
      } catch (err) {
        return fail('unavailable', `Cannot reach Hookbench at ${url}: ${reason(err)}`);
      }
    },
  };
}

/** Remote: the native REST API with an API key, routed by the same table the server uses. */
function restClient(server: string, apiKey: string): ApiClient {
  const base = server.replace(/\/+$/, '');
  return {
    target: base,
    async call(name, input) {
      const route = v1Routes[name];
      if (!route) return fail('invalid_input', `${name} is not available over the REST API.`);
      const fields = { ...((input ?? {}) as Record<string, unknown>) };
      const path = route.path.replace(/\{(\w+)\}/g, (_m, key: string) => {
        const v = encodeURIComponent(String(fields[key] ?? ''));
        delete fields[key];
        return v;
      });
      const query = new URLSearchParams();
      const isQuery = route.method === 'GET' || route.method === 'DELETE';
      if (isQuery)
        for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== null) query.set(k, String(v));
      try {
        const res = await fetch(`${base}${path}${query.size ? `?${query}` : ''}`, {
          method: route.method,
          headers: { Authorization: apiKey, ...(isQuery ? {} : { 'Content-Type': 'application/json' }) },
          body: isQuery ? undefined : JSON.stringify(fields),
        });
        const text = await res.text();
        let body: { error?: { code: never; message: string; fieldErrors?: Record<string, string[]> } } | null = null;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          return fail(
            'unavailable',
            `${base} answered ${res.status} with something that is not Hookbench's API (not JSON): is --server right?`,
          );
        }
        if (res.ok) return { ok: true, value: body as never };
        return fail(
          body?.error?.code ?? 'internal',
          body?.error?.message ?? `HTTP ${res.status}`,
          body?.error?.fieldErrors,
        );
      } catch (err) {
        return fail('unavailable', `Cannot reach Hookbench at ${base}: ${reason(err)}`);
      }
    },
  };
}

function serverUrl(given: string): string {
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new UsageError(
      `--server must be the URL of a running Hookbench, e.g. http://127.0.0.1:7780 (got "${given}").`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--server must be an http:// or https:// URL (got "${given}").`);
  return url.origin + url.pathname.replace(/\/+$/, '');
}

export function connect(opts: ConnectionOptions, env: NodeJS.ProcessEnv = process.env): ApiClient {
  if (opts.server !== undefined) {
    const server = serverUrl(opts.server);
    const key = opts.apiKey ?? env.HOOKBENCH_API_KEY;
    if (!key) throw new UsageError('--server needs an API key: pass --api-key or set HOOKBENCH_API_KEY.');
    return restClient(server, key);
  }
  // A data dir named by the user is the only place looked at; otherwise headless mode's, then the desktop app's.
  const named = opts.dataDir ?? (env.HOOKBENCH_DATA_DIR ? defaultDataDir(env) : undefined);
  const candidates = named ? [named] : [defaultDataDir(env), desktopDataDir(env)];
  const found = findRunningInstance(candidates);
  if (!found) {
    throw new UsageError(
      named
        ? `No Hookbench is running for ${named}. Start one with "hookbench serve --data-dir ${named}", or pass --server URL --api-key KEY.`
        : `No Hookbench is running for ${candidates.join(' or ')}. Start the desktop app or "hookbench serve", or pass --server URL --api-key KEY.`,
    );
  }
  return rpcClient(found.instance);
}

/** Unwraps a Result for a command: input mistakes exit 2, anything else 1, with the core's message. */
export function valueOrThrow<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  const fields = result.error.fieldErrors
    ? ` (${Object.entries(result.error.fieldErrors)
        .map(([f, m]) => `${f}: ${m.join('; ')}`)
        .join(', ')})`
    : '';
  if (result.error.code === 'invalid_input' || result.error.code === 'not_found')
    throw new UsageError(`${result.error.message}${fields}`);
  throw new Error(result.error.message);
}
