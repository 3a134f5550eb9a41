import { describe, expect, it } from 'vitest';
import { cappedText, exitCodeFor, sandboxAdvice } from '../../../scripts/launch-outcome.js';

const SUID =
  "[40:0908/150845.938417:FATAL:sandbox/linux/suid/client/setuid_sandbox_host.cc:166] The SUID sandbox helper binary was found, but is not configured correctly. Rather than run without sandboxing I'm aborting now. You need to make sure that /home/u/hb/node_modules/electron/dist/chrome-sandbox is owned by root and has mode 4755.";
const USERNS =
  '[12:FATAL:zygote_host_impl_linux.cc(128)] No usable sandbox! If you are running on Ubuntu 23.10+ or another Linux distro that has disabled unprivileged user namespaces with AppArmor, see https://chromium.googlesource.com/chromium/src/+/main/docs/security/apparmor-userns-restrictions.md.';

describe('launcher outcome', () => {
  it('maps a death by signal to 128 + N, never 0', () => {
    expect(exitCodeFor(0, null)).toBe(0);
    expect(exitCodeFor(3, null)).toBe(3);
    expect(exitCodeFor(null, 'SIGINT')).toBe(130);
    expect(exitCodeFor(null, 'SIGTERM')).toBe(143);
    expect(exitCodeFor(null, 'SIGTRAP')).toBe(133);
    expect(exitCodeFor(null, null)).toBe(1);
  });

  it('keeps only the start of a stream and counts what it dropped', () => {
    const kept = cappedText(10);
    kept.add('0123456');
    kept.add('789abcdef');
    expect(kept.text).toBe('0123456789');
    expect(kept.dropped).toBe(6);
  });

  it("explains the SUID helper's failure with the helper's own path, and the AppArmor profile", () => {
    const advice = sandboxAdvice(`noise\n${SUID}\n`, '/home/u/hb/node_modules/electron/dist/electron')!;
    expect(advice).toContain('sudo chown root:root /home/u/hb/node_modules/electron/dist/chrome-sandbox');
    expect(advice).toContain('sudo chmod 4755 /home/u/hb/node_modules/electron/dist/chrome-sandbox');
    expect(advice).toContain(
      'profile hookbench-electron /home/u/hb/node_modules/electron/dist/electron flags=(unconfined) {',
    );
    expect(advice).toContain('sudo apparmor_parser -r /etc/apparmor.d/hookbench-electron');
    expect(advice).toContain('electron/electron#42510');
  });

  it('recognises the user-namespace variant, and nothing else', () => {
    expect(sandboxAdvice(USERNS, '/opt/e/electron')).toContain('sudo chmod 4755 /opt/e/chrome-sandbox');
    expect(sandboxAdvice('error while loading shared libraries: libnss3.so', '/opt/e/electron')).toBeNull();
  });
});
