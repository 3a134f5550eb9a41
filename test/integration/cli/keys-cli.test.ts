import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless, type HeadlessProcess } from '../../support/headless-process';
import { runCli } from '../../support/run-cli';
import { tempDir } from '../../support/temp';

const run = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { env });

describe('hookbench keys against a running headless instance', () => {
  const tmp = tempDir('hb-cli-keys-');
  let hb: HeadlessProcess;

  beforeAll(async () => {
    hb = await startHeadless(tmp.dir, [], { HOOKBENCH_API_KEY: 'ci-bootstrap-key-123456' });
  });
  afterAll(async () => {
    await hb.stop();
    tmp.cleanup();
  });

  it('creates, lists and revokes keys through the local instance', async () => {
    const created = await run(['keys', 'create', 'ci', '--json', '--data-dir', tmp.dir]);
    expect(created.status).toBe(0);
    const key = JSON.parse(created.stdout);
    expect(key.key).toMatch(/^hbk_/);

    const listed = await run(['keys', 'list', '--json', '--data-dir', tmp.dir]);
    expect(listed.status).toBe(0);
    expect(listed.stdout).not.toContain(key.key);
    expect(
      JSON.parse(listed.stdout)
        .map((k: { name: string }) => k.name)
        .sort(),
    ).toEqual(['HOOKBENCH_API_KEY', 'ci']);

    const viaRest = await run(['keys', 'list', '--server', hb.origin, '--api-key', key.key]);
    expect(viaRest.status).toBe(0);
    expect(viaRest.stdout).toMatch(/ci/);

    expect((await run(['keys', 'revoke', key.id, '--data-dir', tmp.dir])).status).toBe(0);
    const rejected = await run(['keys', 'list', '--server', hb.origin, '--api-key', key.key]);
    expect(rejected.status).toBe(1);
    expect(rejected.stderr).toMatch(/API key/);
    expect((await run(['keys', 'revoke', key.id, '--data-dir', tmp.dir])).status).toBe(2);
  });

  it('explains what to do when no instance runs or no key is given (exit 2)', async () => {
    const empty = tempDir('hb-cli-none-');
    const none = await run(['keys', 'list', '--data-dir', empty.dir]);
    empty.cleanup();
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/No Hookbench is running for .*"hookbench serve/);
    const noKey = await run(['keys', 'list', '--server', hb.origin]);
    expect(noKey.status).toBe(2);
    expect(noKey.stderr).toMatch(/--api-key/);
  });
});
