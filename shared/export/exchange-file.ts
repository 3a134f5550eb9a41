import type { ExchangeDetail } from '../model/exchange';

/**
 * Hookbench's own export: the full exchange records, so an import restores
 * them without loss. JSON is one document; NDJSON is one exchange per line
 * (handy as test fixtures, and streamable).
 */
export const EXPORT_FORMAT = 'hookbench-export';
export const EXPORT_VERSION = 1;

export interface ExportDocument {
  format: typeof EXPORT_FORMAT;
  version: number;
  exportedAt: string;
  exchanges: ExchangeDetail[];
}

export function toExportDocument(exchanges: ExchangeDetail[], exportedAt: string): ExportDocument {
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt, exchanges };
}

export function toNdjsonLines(exchanges: ExchangeDetail[]): string {
  return exchanges.map((e) => JSON.stringify(e)).join('\n') + (exchanges.length ? '\n' : '');
}

export function exchangeId(e: ExchangeDetail): string {
  return e.kind === 'delivery' ? e.delivery.id : e.capture.id;
}

export function isExchangeDetail(value: unknown): value is ExchangeDetail {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.kind === 'delivery') return typeof v.delivery === 'object' && v.delivery !== null && Array.isArray(v.attempts);
  if (v.kind === 'capture') return typeof v.capture === 'object' && v.capture !== null;
  return false;
}
