import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../electron/core/index';
import type { CaptureSummary, InboxView } from '../../shared/model/inbox';
import type { MethodInput } from '../../shared/api/contract';
import type { Capture, BodyView } from '../../shared/model/exchange';
import { tempDir } from './temp';

export interface ReceiverHarness {
  core: Core;
  base: string;
  captures: CaptureSummary[];
  createInbox(input: MethodInput<'createInbox'>): Promise<InboxView>;
  capture(id: string): Promise<Capture>;
  /** Captures of an inbox, oldest first, as full records. */
  capturesOf(inboxId: string): Promise<Capture[]>;
  close(): Promise<void>;
}

export function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/**
 * A started core with its receiver on a free loopback port, in a temp data
 * dir. `storeBodyCap` raises the exchange store's stored-body cap (default 256 KiB)
 * so tests can check large bodies byte for byte.
 */
export async function startReceiver(
  options: Partial<CoreOptions> & { storeBodyCap?: number } = {},
): Promise<ReceiverHarness> {
  const tmp = tempDir('hb-recv-');
  const { storeBodyCap, ...coreOptions } = options;
  let core = createCore({ dataDir: join(tmp.dir, 'data'), receiverPort: 0, ...coreOptions });
  await core.start();
  if (storeBodyCap) {
    await core.storage()!.settings.preferences.update({ bodyCapBytes: storeBodyCap });
    await core.stop();
    core = createCore({ dataDir: join(tmp.dir, 'data'), receiverPort: 0, ...coreOptions });
    await core.start();
  }
  const captures: CaptureSummary[] = [];
  core.events.subscribe((m) => {
    if (m.name === 'capture.received') captures.push(m.payload as CaptureSummary);
  });
  const capture = async (id: string): Promise<Capture> => {
    const found = await core.storage()!.exchanges.getExchange(id);
    if (!found || found.kind !== 'capture') throw new Error(`no capture ${id}`);
    return found.capture;
  };
  return {
    core,
    base: core.receiverUrl()!,
    captures,
    createInbox: async (input) => unwrap(await core.api.createInbox(input)),
    capture,
    capturesOf: async (inboxId) => {
      const page = await core.storage()!.exchanges.query({ kind: 'capture', inboxId }, { limit: 500 });
      return Promise.all(page.items.reverse().map((s) => capture(s.id)));
    },
    close: async () => {
      await core.stop();
      tmp.cleanup();
    },
  };
}

export function bodyBytes(view: BodyView): Buffer {
  if (view.text !== null) return Buffer.from(view.text, 'utf8');
  return Buffer.from(view.base64 ?? '', 'base64');
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
}

/** node:http with headers as an ordered flat list, so tests control names, case and order exactly. */
export function send(
  url: string,
  opts: { method?: string; headers?: OutgoingHttpHeaders | string[]; body?: Uint8Array | string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: opts.method ?? 'POST', headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          rawHeaders: res.rawHeaders,
          body: Buffer.concat(chunks),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
