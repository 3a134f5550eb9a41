/** Where commands write, injectable so tests can run them in-process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Exit code for "the thing checked failed" (1); usage errors throw UsageError instead. */
  setExitCode(code: number): void;
  /** Resolves when the user asks to stop (Ctrl-C / SIGTERM); long-running commands await it. */
  untilStopped(): Promise<void>;
}

/** A mistake in how the command was called: printed with a usage hint, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export function processIo(): CliIo {
  return {
    out: (t) => void process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
    err: (t) => void process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
    setExitCode: (c) => {
      process.exitCode = c;
    },
    untilStopped: () =>
      new Promise((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      }),
  };
}

/** Parses an integer option, turning garbage into a usage error that names the flag. */
export function intOption(flag: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new UsageError(`${flag} must be an integer from ${min} to ${max} (got "${value}").`);
    return n;
  };
}
