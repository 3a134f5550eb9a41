// What the launcher makes of a child process: its exit code, its stderr (kept
// within bounds), and the sandbox failure that needs the user's hand.
import { constants } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** The shell's convention: a death by signal N is exit code 128 + N, never 0. */
export function exitCodeFor(code, signal) {
  if (code !== null && code !== undefined) return code;
  const number = signal ? constants.signals[signal] : undefined;
  return number ? 128 + number : 1;
}

/** Keeps the first `maxChars` of a stream (where start-up errors are) and counts the rest. */
export function cappedText(maxChars = 64 * 1024) {
  let text = '';
  let dropped = 0;
  return {
    add(chunk) {
      const s = String(chunk);
      const room = maxChars - text.length;
      if (room > 0) text += s.slice(0, room);
      dropped += Math.max(0, s.length - Math.max(0, room));
    },
    get text() {
      return text;
    },
    get dropped() {
      return dropped;
    },
  };
}

const SUID_HELPER = /The SUID sandbox helper binary was found, but is not configured correctly/;
const NO_SANDBOX = /No usable sandbox!/;
const HELPER_PATH = /make sure that (\S+chrome-sandbox) is owned by root/;

/**
 * When Chromium refused to start without its sandbox — Ubuntu 23.10 and later
 * forbid unprivileged user namespaces to a binary in node_modules through
 * AppArmor (electron/electron#42510) — the two ways to fix it, with this
 * machine's paths filled in. Null for any other failure.
 */
export function sandboxAdvice(stderr, electronBinary) {
  if (!SUID_HELPER.test(stderr) && !NO_SANDBOX.test(stderr)) return null;
  const helper = HELPER_PATH.exec(stderr)?.[1] ?? join(dirname(electronBinary), 'chrome-sandbox');
  const profile = `hookbench-${basename(electronBinary)}`;
  return [
    "Electron could not start Chromium's sandbox, and Hookbench does not run without it.",
    'On Ubuntu 23.10 and later, AppArmor forbids the sandbox to an Electron binary inside node_modules',
    '(electron/electron#42510). Fix it once, one way or the other:',
    '',
    "  1. Make Electron's sandbox helper setuid root:",
    `       sudo chown root:root ${helper}`,
    `       sudo chmod 4755 ${helper}`,
    '',
    '  2. Or give this Electron an AppArmor profile that allows user namespaces:',
    `       sudo tee /etc/apparmor.d/${profile} >/dev/null <<'EOF'`,
    '       abi <abi/4.0>,',
    '       include <tunables/global>',
    `       profile ${profile} ${electronBinary} flags=(unconfined) {`,
    '         userns,',
    `         include if exists <local/${profile}>`,
    '       }',
    '       EOF',
    `       sudo apparmor_parser -r /etc/apparmor.d/${profile}`,
    '',
    'Then run npm start again. (HOOKBENCH_HEADLESS=1 npm start opens Hookbench in a browser instead.)',
  ].join('\n');
}

/** Writes to a stream whose reader may have gone (npm start | head): EPIPE is not an error worth dying for. */
export function ignoreBrokenPipes(...streams) {
  for (const stream of streams)
    stream.on('error', (err) => {
      if (err.code !== 'EPIPE') throw err;
    });
}
