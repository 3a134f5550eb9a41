/**
 * The core logs through this interface so each door decides where lines go
 * (stderr for headless/CLI, a file for the desktop app, nothing in tests).
 * Callers never pass secrets; `redact` is the last line of defence for values
 * that look like one.
 */
export interface Logger {
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

const SECRET_PATTERNS = [/whsec_[A-Za-z0-9+/=]+/g, /(authorization:\s*)(\S+)/gi, /([?&]token=)[^&\s]+/g];

export function redact(text: string): string {
  return SECRET_PATTERNS.reduce(
    (acc, re) =>
      acc.replace(re, (m, prefix?: string) =>
        typeof prefix === 'string' && m.startsWith(prefix) ? `${prefix}[redacted]` : '[redacted]',
      ),
    text,
  );
}

function format(details: unknown[]): string {
  return details
    .map((d) => (d instanceof Error ? (d.stack ?? d.message) : typeof d === 'string' ? d : JSON.stringify(d)))
    .join(' ');
}

export function createStreamLogger(write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const emit = (level: string, message: string, details: unknown[]) =>
    write(
      redact(`${new Date().toISOString()} ${level} ${message}${details.length ? ' ' + format(details) : ''}`) + '\n',
    );
  return {
    info: (m, ...d) => emit('info', m, d),
    warn: (m, ...d) => emit('warn', m, d),
    error: (m, ...d) => emit('error', m, d),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
