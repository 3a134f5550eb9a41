import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoreServer, type RunningCore } from '../../support/core-server';
import { unwrap } from '../../support/receiver-harness';

/** The receiver never stores or forwards a Hookbench credential, whoever sends it one. */
describe('receiver and Hookbench credentials', () => {
  let hb: RunningCore;
  let apiKey: string;
  const forwarded: IncomingHttpHeaders[] = [];
  const target = createServer((req, res) => {
    forwarded.push(req.headers);
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });

  beforeAll(async () => {
    hb = await startCoreServer({ receiverPort: 0 });
    apiKey = unwrap(await hb.core.api.createApiKey({ name: 'k' })).key;
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await hb.close();
    target.close();
  });

  it('drops the per-run token and API keys, and cuts the old token cookie', async () => {
    const inbox = unwrap(
      await hb.core.api.createInbox({
        name: 'creds',
        forwarding: { url: `http://127.0.0.1:${(target.address() as AddressInfo).port}/app` },
      }),
    );
    const res = await fetch(`${hb.core.receiverUrl()}/in/${inbox.slug}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${hb.server.token}`,
        'X-Api-Key': apiKey,
        Cookie: `theme=dark; hookbench_token=${hb.server.token}`,
        'X-Kept': 'yes',
      },
      body: '{}',
    });
    expect(res.status).toBe(200);
    const id = unwrap(await hb.core.api.queryExchanges({ inboxId: inbox.id })).items[0]!.id;
    const stored = JSON.stringify(unwrap(await hb.core.api.getExchange({ id })));
    expect(stored).not.toContain(hb.server.token);
    expect(stored).not.toContain(apiKey);
    expect(stored).not.toContain('hookbench_token');
    expect(stored).toContain('X-Kept');
    const sent = JSON.stringify(forwarded.at(-1));
    expect(sent).not.toContain(hb.server.token);
    expect(sent).not.toContain(apiKey);
    expect(forwarded.at(-1)!['x-kept']).toBe('yes');
  });
});
