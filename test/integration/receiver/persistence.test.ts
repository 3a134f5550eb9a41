import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/index';
import { generateSecret } from '../../../electron/core/signing';
import type { CaptureSummary } from '../../../shared/model/inbox';
import { send, unwrap } from '../../support/receiver-harness';
import { tempDir } from '../../support/temp';

const tmp = tempDir('hb-recv-persist-');
afterAll(() => tmp.cleanup());

it('keeps inboxes across restarts with secrets sealed on disk, and verifies with them after reopening', async () => {
  const dataDir = join(tmp.dir, 'data');
  const secrets = [
    (await generateSecret('standard-webhooks')).secret!,
    (await generateSecret('standard-webhooks')).secret!,
  ];
  const first = createCore({ dataDir, receiverPort: 0 });
  await first.start();
  const inbox = unwrap(
    await first.api.createInbox({
      name: 'kept',
      verification: { profile: 'standard-webhooks', secrets },
      responseRule: { status: 202 },
    }),
  );
  await first.stop();

  const onDisk = readFileSync(join(dataDir, 'settings.json'), 'utf8');
  for (const s of secrets) expect(onDisk).not.toContain(s.slice(6, 30));
  expect(onDisk).toContain('"kept"');

  const second = createCore({ dataDir, receiverPort: 0 });
  await second.start();
  try {
    const seen: CaptureSummary[] = [];
    second.events.subscribe((m) => m.name === 'capture.received' && seen.push(m.payload as CaptureSummary));
    const again = unwrap(await second.api.getInbox({ id: inbox.id }));
    expect(again).toMatchObject({ name: 'kept', slug: 'kept', responseRule: { status: 202 } });
    const body = '{"type":"user.created"}';
    const at = new Date();
    // Signed with the second (rotated-in) secret: both entries of the sealed list must have opened.
    const signature = new Webhook(secrets[1]!).sign('msg_1', at, body);
    const res = await send(again.url!, {
      headers: {
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
    });
    expect(res.status).toBe(202);
    expect(seen.at(-1)!.verification).toMatchObject({ valid: true });
  } finally {
    await second.stop();
  }
});
