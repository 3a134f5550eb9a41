import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { binPath } from '../../support/headless-process';
import { tempDir } from '../../support/temp';

const OPEN_FILES = 400;
const SLOW_SENDERS = 700;

/** headless mode under `ulimit -n`, so the receiver and the app port share a small open-files budget. */
async function serveWithFewFiles(dataDir: string): Promise<{ child: ChildProcess; app: string; receiver: string }> {
  const child = spawn(
    'sh',
    [
      '-c',
      `ulimit -n ${OPEN_FILES} && exec "$0" "$@"`,
      process.execPath,
      binPath,
      'serve',
      '--port',
      '0',
      '--receiver-port',
      '0',
      '--data-dir',
      dataDir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const check = () => (/Receiver: /.test(out) ? resolve() : undefined);
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
  return {
    child,
    app: /REST API: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!,
    receiver: /Receiver: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!,
  };
}

/** A sender that opens a connection and sends half a header block, then waits. */
function slowSender(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`POST /in/x HTTP/1.1\r\nHost: ${hostname}:${port}\r\nX-Slow: `);
      resolve(socket);
    });
    socket.on('error', () => resolve(socket));
  });
}

/** Class 7 of issue 13: the receiver caps its connections, so a flood of slow senders cannot take the app port down. */
describe('receiver flooded with slow connections', () => {
  const tmp = tempDir('hb-flood-');
  const sockets: Socket[] = [];
  let child: ChildProcess | undefined;
  afterAll(() => {
    for (const s of sockets) s.destroy();
    child?.kill('SIGKILL');
    tmp.cleanup();
  });

  it('keeps the app port answering while more slow senders than open files are connected to the receiver', async () => {
    const served = await serveWithFewFiles(tmp.dir);
    child = served.child;
    for (let i = 0; i < SLOW_SENDERS; i++) sockets.push(await slowSender(served.receiver));
    const open = sockets.filter((s) => !s.destroyed).length;
    expect(open).toBeLessThan(SLOW_SENDERS); // the receiver closed those past its cap
    const started = Date.now();
    const res = await fetch(`${served.app}/api/v1/openapi.json`, { signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
