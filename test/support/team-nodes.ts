import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { AppEventMessage } from '../../shared/api/events';
import { startHeadless, type HeadlessProcess } from './headless-process';
import { tempDir } from './temp';
import { waitUntil } from './webhook-server';

/** A `hookbench serve` node of team mode: its own data dir, the shared database and key. */
export interface TeamNode {
  proc: HeadlessProcess;
  receiverUrl: string;
  rpc<T = unknown>(method: string, input?: unknown): Promise<T>;
  /** Core events over the node's SSE door, as they arrive; `connected` resolves once the stream is open. */
  events(): { messages: AppEventMessage[]; connected: Promise<void>; close(): void };
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export const teamKey = (): string => randomBytes(32).toString('base64');

export async function startTeamNode(
  databaseUrl: string,
  key: string,
  extraArgs: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<TeamNode> {
  const tmp = tempDir('hb-team-');
  const proc = await startHeadless(tmp.dir, ['--database', databaseUrl, '--receiver-port', '0', ...extraArgs], {
    HOOKBENCH_SECRET_KEY: key,
    ...env,
  });
  // Printed right after the UI line startHeadless waits for.
  const printed = () => /Receiver: (http:\/\/\S+)/.exec(proc.output())?.[1];
  await waitUntil(() => printed() !== undefined, `the node's receiver URL:\n${proc.output()}`, 10_000);
  const receiverUrl = printed()!.replace(/\/$/, '');
  const auth = { Authorization: `Bearer ${proc.token}` };
  return {
    proc,
    receiverUrl,
    async rpc<T>(method: string, input: unknown = {}) {
      const res = await fetch(`${proc.origin}/rpc/${method}`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      });
      const result = (await res.json()) as { ok: true; value: T } | { ok: false; error: { message: string } };
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      return result.value;
    },
    events() {
      const messages: AppEventMessage[] = [];
      const url = new URL(`${proc.origin}/events`);
      let opened: () => void = () => undefined;
      const connected = new Promise<void>((resolve) => (opened = resolve));
      const req = request({ host: url.hostname, port: url.port, path: '/events', headers: auth }, (res) => {
        let buf = '';
        res.on('data', (c: Buffer) => {
          buf += c.toString();
          if (buf.includes(': connected')) opened();
          let end: number;
          while ((end = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, end);
            buf = buf.slice(end + 2);
            const data = block.split('\n').find((l) => l.startsWith('data: '));
            if (data) messages.push(JSON.parse(data.slice(6)) as AppEventMessage);
          }
        });
      });
      req.on('error', () => undefined);
      req.end();
      return { messages, connected, close: () => req.destroy() };
    },
    async stop(signal = 'SIGTERM') {
      const code = await proc.stop(signal);
      tmp.cleanup();
      return code;
    },
  };
}
