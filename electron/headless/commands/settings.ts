import type { Command } from 'commander';
import type { RetentionSettings } from '../../../shared/model/exchange';
import {
  MAX_AUDIT_RETENTION_DAYS,
  MAX_RETENTION_DAYS,
  MAX_RETENTION_ROWS,
  type AuditRetention,
} from '../../../shared/model/settings';
import { connect, valueOrThrow, withConnectionOptions, type ConnectionOptions } from '../api-client';
import { intOption, UsageError, type CliIo } from '../cli-io';
import { valueOrFlagError } from './flag-errors';

type Opts = ConnectionOptions & { json?: boolean };
type SetOpts = Opts & { auditRetentionDays?: number; retentionDays?: number; retentionRows?: number };

const plural = (n: number, one: string) => `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;
const days = (r: AuditRetention) => (r.maxAgeDays === 0 ? 'kept for ever (0)' : `kept ${plural(r.maxAgeDays, 'day')}`);
const exchangesKept = (r: RetentionSettings) =>
  `${r.maxAgeDays === 0 ? 'kept for ever (0)' : `kept ${plural(r.maxAgeDays, 'day')}`}, ${
    r.maxRows === 0 ? 'any number of them (0)' : `at most ${plural(r.maxRows, 'row')}`
  }`;

/** Settings of a running Hookbench an admin changes (the admin role is needed, as in Settings in the UI). */
export function register(program: Command, io: CliIo): void {
  const settings = program.command('settings').description('Show or change settings of a running Hookbench (admin)');

  withConnectionOptions(settings.command('show').description('Print the settings'))
    .option('--json', 'print JSON')
    .action(async (o: Opts) => {
      const api = connect(o);
      const retention = valueOrThrow(await api.call('getRetention', undefined));
      const auditRetention = valueOrThrow(await api.call('getAuditRetention', undefined));
      if (o.json) io.out(JSON.stringify({ retention, auditRetention }, null, 2));
      else
        io.out(
          `deliveries and captures: ${exchangesKept(retention)}  (--retention-days, --retention-rows)\n` +
            `audit entries: ${days(auditRetention)}  (--audit-retention-days)`,
        );
    });

  withConnectionOptions(settings.command('set').description('Change settings; each flag sets one'))
    .option(
      '--retention-days <n>',
      'days deliveries and captures are kept; older ones are removed in the background (0: no age limit)',
      intOption('--retention-days', 0, MAX_RETENTION_DAYS),
    )
    .option(
      '--retention-rows <n>',
      'deliveries and captures kept at most, the oldest removed first (0: no row limit)',
      intOption('--retention-rows', 0, MAX_RETENTION_ROWS),
    )
    .option(
      '--audit-retention-days <n>',
      'days audit entries are kept; older ones are removed in the background (0: keep all)',
      intOption('--audit-retention-days', 0, MAX_AUDIT_RETENTION_DAYS),
    )
    .option('--json', 'print JSON')
    .action(async (o: SetOpts) => {
      if (o.retentionDays === undefined && o.retentionRows === undefined && o.auditRetentionDays === undefined)
        throw new UsageError(
          'Nothing to set: pass --retention-days <n>, --retention-rows <n> or --audit-retention-days <n> (0: no limit).',
        );
      const api = connect(o);
      const out: { retention?: RetentionSettings; auditRetention?: AuditRetention } = {};
      const lines: string[] = [];
      if (o.retentionDays !== undefined || o.retentionRows !== undefined) {
        // A flag left out keeps its part of the setting as it is.
        const now = valueOrThrow(await api.call('getRetention', undefined));
        out.retention = valueOrFlagError(
          await api.call('setRetention', {
            maxAgeDays: o.retentionDays ?? now.maxAgeDays,
            maxRows: o.retentionRows ?? now.maxRows,
          }),
          { maxAgeDays: '--retention-days', maxRows: '--retention-rows' },
        );
        lines.push(`Deliveries and captures are now ${exchangesKept(out.retention)}.`);
      }
      if (o.auditRetentionDays !== undefined) {
        out.auditRetention = valueOrFlagError(
          await api.call('setAuditRetention', { maxAgeDays: o.auditRetentionDays }),
          { maxAgeDays: '--audit-retention-days' },
        );
        lines.push(`Audit entries are now ${days(out.auditRetention)}.`);
      }
      io.out(o.json ? JSON.stringify(out, null, 2) : lines.join('\n'));
    });
}
