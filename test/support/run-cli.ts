import { spawn } from 'node:child_process';
import { binPath } from './headless-process';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI in its own process, with stdin given (or closed) and no HOOKBENCH_API_KEY inherited. */
export function runCli(args: string[], o: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      env: { ...process.env, HOOKBENCH_API_KEY: '', HOOKBENCH_ADMIN_EMAIL: '', HOOKBENCH_ADMIN_PASSWORD: '', ...o.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(o.input ?? '');
  });
}
