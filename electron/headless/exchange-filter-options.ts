import type { Command } from 'commander';
import type { ExchangeFilter } from '../../shared/model/exchange';
import { UsageError } from './cli-io';

export interface LogFilterFlags {
  kind?: string;
  outcome?: string;
  event?: string;
  subscription?: string;
  inbox?: string;
  status?: string;
  since?: string;
  until?: string;
  search?: string;
}

/** The log filter flags shared by deliveries list, replay and export. */
export function withLogFilterOptions(cmd: Command): Command {
  return cmd
    .option('--kind <kind>', 'delivery or capture')
    .option('--outcome <outcome>', 'pending, retrying, succeeded, failed, cancelled or rejected')
    .option('--event <type>', 'event type, e.g. user.created')
    .option('--subscription <id>', 'deliveries of this subscription')
    .option('--inbox <id>', 'captures of this inbox')
    .option('--status <code|class>', 'HTTP status (e.g. 500) or class (e.g. 5xx, none)')
    .option('--since <when>', 'newer than a duration ago (30m, 1h, 2d) or an ISO time')
    .option('--until <when>', 'older than a duration ago or an ISO time')
    .option('--search <text>', 'full-text search in bodies and header values');
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "1h" → one hour before now; an ISO time as given. */
export function parseWhen(flag: string, value: string, now = Date.now()): string {
  const m = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(value.trim());
  if (m) return new Date(now - Number(m[1]) * UNITS[m[2]!]!).toISOString();
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw new UsageError(`${flag} takes a duration like 30m, 1h, 2d or an ISO time (got "${value}").`);
  return new Date(t).toISOString();
}

/** Flags → the API's filter; the API validates the values and names the bad one. */
export function toLogFilter(flags: LogFilterFlags, now = Date.now()): ExchangeFilter {
  const filter: Record<string, unknown> = {};
  if (flags.kind) filter.kind = flags.kind;
  if (flags.outcome) filter.outcome = flags.outcome;
  if (flags.event) filter.eventType = flags.event;
  if (flags.subscription) filter.subscriptionId = flags.subscription;
  if (flags.inbox) filter.inboxId = flags.inbox;
  if (flags.status) {
    if (/^\d{3}$/.test(flags.status)) filter.status = Number(flags.status);
    else filter.statusClass = flags.status.toLowerCase();
  }
  if (flags.since) filter.from = parseWhen('--since', flags.since, now);
  if (flags.until) filter.to = parseWhen('--until', flags.until, now);
  if (flags.search) filter.text = flags.search;
  return filter as ExchangeFilter;
}
