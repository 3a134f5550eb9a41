import type { Result } from '../../../shared/api/result';
import { valueOrThrow } from '../api-client';
import { UsageError } from '../cli-io';

/** The API's filter fields → the flags of log-filter-options that set them. */
export const LOG_FILTER_FLAGS: Record<string, string> = {
  kind: '--kind',
  outcome: '--outcome',
  eventType: '--event',
  subscriptionId: '--subscription',
  inboxId: '--inbox',
  status: '--status',
  statusClass: '--status',
  from: '--since',
  to: '--until',
  text: '--search',
};

/**
 * Like valueOrThrow, but a field error is reported under the flag the user
 * typed (`--url: Enter an http:// …`), not the API's field name, so the
 * message says what to change on the command line. Exit 2 as for any input error.
 */
export function valueOrFlagError<T>(result: Result<T>, flags: Record<string, string>): T {
  if (!result.ok && result.error.code === 'invalid_input' && result.error.fieldErrors) {
    const lines = Object.entries(result.error.fieldErrors).map(([field, messages]) => {
      const top = field.split('.')[0]!;
      return `${flags[field] ?? flags[top] ?? field}: ${messages.join('; ')}`;
    });
    throw new UsageError(lines.join('\n'));
  }
  return valueOrThrow(result);
}

/** Prints rows as aligned columns under a header; the last column is not padded. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
