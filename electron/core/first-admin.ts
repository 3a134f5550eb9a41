import type { Accounts, AuditLog } from './accounts/index';
import type { Logger } from './log';

/**
 * HOOKBENCH_ADMIN_EMAIL / HOOKBENCH_ADMIN_PASSWORD: the first admin, created at
 * start while no account exists, and audited as the command line's doing.
 */
export async function ensureFirstAdmin(
  accounts: Accounts,
  audit: AuditLog,
  admin: { email: string; password: string },
  log: Logger,
): Promise<void> {
  const { email, password } = admin;
  if (!(await accounts.users.ensureFirstAdmin(email, password))) return;
  log.info(`created the first admin account, ${email} (HOOKBENCH_ADMIN_EMAIL)`);
  await audit.record(
    { kind: 'cli', userId: null, label: 'HOOKBENCH_ADMIN_EMAIL at start', role: 'admin' },
    'cli',
    'createUser',
    { email: email.trim().toLowerCase(), role: 'admin' },
    'ok',
  );
}
