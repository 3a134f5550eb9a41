import type { IncomingMessage } from 'node:http';

export type BodyRead =
  | { ok: true; body: Buffer }
  | { ok: false; reason: 'too-large'; declared: number | null; drained: boolean }
  | { ok: false; reason: 'aborted' };

/**
 * Reads a body up to `cap` bytes. Past the cap it keeps reading and discarding
 * (up to `drainLimit` more) so the sender can read our 413 instead of getting a
 * reset for unread data; beyond that the caller answers and closes.
 */
export function readCapped(req: IncomingMessage, cap: number, drainLimit: number): Promise<BodyRead> {
  const header = req.headers['content-length'];
  const declared = header !== undefined && /^\d+$/.test(header) ? Number(header) : null;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = declared !== null && declared > cap;
    let settled = false;
    const settle = (r: BodyRead) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('aborted', onAbort);
      resolve(r);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (!over && size > cap) {
        over = true;
        chunks.length = 0;
      }
      if (!over) chunks.push(chunk);
      else if (size > cap + drainLimit) {
        req.pause();
        settle({ ok: false, reason: 'too-large', declared, drained: false });
      }
    };
    const onEnd = () =>
      settle(
        over
          ? { ok: false, reason: 'too-large', declared, drained: true }
          : { ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) },
      );
    const onAbort = () => settle({ ok: false, reason: 'aborted' });
    if (over && declared !== null && declared > cap + drainLimit) {
      // Declared far too large: do not even wait for it.
      settle({ ok: false, reason: 'too-large', declared, drained: false });
      return;
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('aborted', onAbort);
  });
}
