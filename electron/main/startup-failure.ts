import { PortInUseError } from './http-door';

export interface StartupFailure {
  title: string;
  /** What happened, what to do, and where the details are. */
  message: string;
}

const DATA_DIR_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'ENOSPC', 'EDQUOT', 'ENOENT']);

/**
 * Words for the error dialog shown when the app cannot start. Known causes get
 * their own advice; anything else is shown as the core phrased it (its errors
 * are written for users, e.g. the data-dir lock naming the process holding it).
 */
export function describeStartupFailure(err: unknown, dataDir: string, logPath: string | null): StartupFailure {
  const error = err instanceof Error ? err : new Error(String(err));
  const code = (error as NodeJS.ErrnoException).code;
  let advice: string;
  if (error instanceof PortInUseError) {
    advice = `Another program uses port ${error.port}. Quit it, or set ${error.variable} to a free port (0 picks one), then start Hookbench again.`;
  } else if (code === 'EADDRINUSE') {
    advice = 'Another program holds a port Hookbench needs. Quit it (perhaps another Hookbench), then start again.';
  } else if (code && DATA_DIR_CODES.has(code)) {
    advice = `Hookbench keeps its data in ${dataDir}. Make sure that folder (and the folders above it) exists, belongs to you and is writable, and that the disk has free space; then start Hookbench again.`;
  } else {
    advice = `If this keeps happening, the details below and in the log file help to find out why. Hookbench keeps its data in ${dataDir}.`;
  }
  const log = logPath ? `\n\nThe log file: ${logPath}` : '';
  return { title: 'Hookbench could not start', message: `${error.message}\n\n${advice}${log}` };
}
