import type { Command } from 'commander';
import { MAX_AUDIT_RETENTION_DAYS, type AuditRetention } from '../../../shared/model/settings';
import { connect, valueOrThrow, withConnectionOptions, type ConnectionOptions } from '../api-client';
import { intOption, UsageError, type CliIo } from '../cli-io';
import { valueOrFlagError } from './flag-errors';

type Opts = ConnectionOptions & { json?: boolean };

const days = (r: AuditRetention) =>
  r.maxAgeDays === 0 ? 'kept for ever (0)' : `kept ${r.maxAgeDays} day${r.maxAgeDays === 1 ? '' : 's'}`;

/** Settings of a running Hookbench an admin changes (the admin role is needed, as in Settings in the UI). */
export function register(program: Command, io: CliIo): void {
  const settings = program.command('settings').description('Show or change settings of a running Hookbench (admin)');

  withConnectionOptions(settings.command('show').description('Print the settings'))
    .option('--json', 'print JSON')
    .action(async (o: Opts) => {
      const auditRetention = valueOrThrow(await connect(o).call('getAuditRetention', undefined));
      if (o.json) io.out(JSON.stringify({ auditRetention }, null, 2));
      else io.out(`audit entries: ${days(auditRetention)}  (--audit-retention-days)`);
    });

  withConnectionOptions(settings.command('set').description('Change settings; each flag sets one'))
    .option(
      '--audit-retention-days <n>',
      'days audit entries are kept; older ones are removed in the background (0: keep all)',
      intOption('--audit-retention-days', 0, MAX_AUDIT_RETENTION_DAYS),
    )
    .option('--json', 'print JSON')
    .action(async (o: Opts & { auditRetentionDays?: number }) => {
      if (o.auditRetentionDays === undefined)
        throw new UsageError('Nothing to set: pass --audit-retention-days <n> (0 keeps every entry).');
      const auditRetention = valueOrFlagError(
        await connect(o).call('setAuditRetention', { maxAgeDays: o.auditRetentionDays }),
        { maxAgeDays: '--audit-retention-days' },
      );
      if (o.json) io.out(JSON.stringify({ auditRetention }, null, 2));
      else io.out(`Audit entries are now ${days(auditRetention)}.`);
    });
}
