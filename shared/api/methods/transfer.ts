import { z } from 'zod';
import { method } from '../define';
import type { ExchangeDetail } from '../../model/exchange';
import { exchangeFilterSchema } from './exchanges';

export interface ExportPage {
  exchanges: ExchangeDetail[];
  nextCursor: string | null;
}

export interface ImportResult {
  format: 'hookbench-json' | 'ndjson' | 'har';
  imported: number;
  skipped: number;
  problems: string[];
}

export const transferMethods = {
  exportExchanges: method<ExportPage>()(
    exchangeFilterSchema
      .extend({
        ids: z.array(z.string().min(1)).max(500).optional(),
        limit: z.number().int().min(1).max(500).default(100),
        cursor: z.string().min(1).max(100).nullish(),
      })
      .strict(),
    'Full exchanges (with attempts and bodies) matching a filter, or by id, a page at a time; format them with HAR/JSON/NDJSON/curl.',
  ),
  importExchanges: method<ImportResult>()(
    z
      .object({
        content: z
          .string()
          .min(1, 'The file is empty.')
          .max(64 * 1024 * 1024),
      })
      .strict(),
    'Imports a Hookbench JSON or NDJSON export, or a HAR file; exchanges already in the log are skipped.',
  ),
};
