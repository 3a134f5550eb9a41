import { describe, expect, it } from 'vitest';
import { describeStartupFailure } from '../../../electron/main/startup-failure';
import { PortInUseError } from '../../../electron/main/http-door';

const errno = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('start-up failure dialog', () => {
  it('says what happened, what to do and where the log is', () => {
    const f = describeStartupFailure(
      new PortInUseError(7780, 'HOOKBENCH_PORT', 'EADDRINUSE'),
      '/home/u/.config/Hookbench',
      '/home/u/.config/Hookbench/logs/hookbench.log',
    );
    expect(f.title).toBe('Hookbench could not start');
    expect(f.message).toBe(
      'Port 7780 (HOOKBENCH_PORT) could not be opened: EADDRINUSE.\n\n' +
        'Another program uses port 7780. Quit it, or set HOOKBENCH_PORT to a free port (0 picks one), then start Hookbench again.\n\n' +
        'The log file: /home/u/.config/Hookbench/logs/hookbench.log',
    );
  });

  it('points at the data dir for file-system errors', () => {
    const f = describeStartupFailure(errno("EACCES: permission denied, mkdir '/d'", 'EACCES'), '/d', null);
    expect(f.message).toContain('Hookbench keeps its data in /d. Make sure that folder');
    expect(f.message).not.toContain('The log file');
  });

  it('shows any other error as the core phrased it (e.g. a data dir another Hookbench holds)', () => {
    const f = describeStartupFailure(
      new Error('The data folder /d is in use by another Hookbench (pid 42). Quit it first.'),
      '/d',
      '/d/logs/hookbench.log',
    );
    expect(f.message.split('\n\n')[0]).toBe(
      'The data folder /d is in use by another Hookbench (pid 42). Quit it first.',
    );
    expect(f.message).toContain('The log file: /d/logs/hookbench.log');
    expect(describeStartupFailure('a string', '/d', null).message).toMatch(/^a string\n\n/);
  });
});
