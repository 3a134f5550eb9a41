/**
 * Child process of test/integration/receiver/crash.test.ts: a real core with
 * its receiver on a free port and an inbox "crash"; prints "ready <inbox url>".
 * The parent loads it with requests and SIGKILLs it at random moments.
 * Usage: node --import tsx receiver-crash-child.ts <data dir>
 */
import { createCore } from '../../electron/core/index';

const core = createCore({ dataDir: process.argv[2]!, receiverPort: 0, mode: 'cli' });
await core.start();
const existing = core.inboxes()!.byName('crash');
const inbox = existing
  ? core.inboxes()!.view(existing)
  : await core.api
      .createInbox({ name: 'crash' })
      .then((r) => (r.ok ? r.value : Promise.reject(new Error(r.error.message))));
process.stdout.write(`ready ${inbox.url}\n`);
