import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const binPath = join(repoRoot, 'bin', 'hookbench.js');

export type RpcResult = { ok: true; value: unknown } | { ok: false; error: { message: string } };

export interface HeadlessProcess {
  child: ChildProcess;
  url: string;
  origin: string;
  token: string;
  output(): string;
  /** One call through /rpc with the run's token, as the UI makes it; a refusal throws its message. */
  rpc<T>(method: string, input: unknown): Promise<T>;
  /** The same call's whole answer, a refusal included, for a test to check either. */
  rpcResult(method: string, input?: unknown): Promise<RpcResult>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the real built CLI in headless mode on free ports and waits for the URL it prints. */
export async function startHeadless(
  dataDir: string,
  extraArgs: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<HeadlessProcess> {
  const child = spawn(process.execPath, [binPath, 'serve', '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`headless mode printed no URL in 60 s:\n${out}`)), 60_000);
    const check = () => {
      const m = /Hookbench UI: (https?:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`headless mode exited (${code}) before printing its URL:\n${out}`));
    });
  });
  const parsed = new URL(url);
  const rpcResult = async (method: string, input: unknown = {}): Promise<RpcResult> => {
    const res = await fetch(`${parsed.origin}/rpc/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${parsed.searchParams.get('token')}` },
      body: JSON.stringify(input),
    });
    return (await res.json()) as RpcResult;
  };
  return {
    child,
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token')!,
    output: () => out,
    async rpc<T>(method: string, input: unknown): Promise<T> {
      const result = await rpcResult(method, input);
      if (!result.ok) throw new Error(result.error.message);
      return result.value as T;
    },
    rpcResult,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      }),
  };
}
