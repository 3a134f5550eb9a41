import { z } from 'zod';
import { method } from '../define';
import {
  outcomes,
  statusClasses,
  type ExchangeDetail,
  type ExchangeFacets,
  type ExchangePage,
  type HeaderList,
  type RetentionSettings,
  type StorageInfo,
} from '../../model/exchange';
import { MAX_RETENTION_DAYS, MAX_RETENTION_ROWS } from '../../model/settings';

import { eventName, idString } from '../../validate/limits';

const isoTime = z.iso.datetime({ offset: true });

/** The filter bar; every field narrows, all together are ANDed. */
export const exchangeFilterSchema = z
  .object({
    kind: z.enum(['delivery', 'capture']).optional(),
    subscriptionId: idString.optional(),
    inboxId: idString.optional(),
    eventType: eventName.optional(),
    outcome: z.enum(outcomes).optional(),
    status: z.number().int().min(100).max(599).optional(),
    statusClass: z.enum(statusClasses).optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    text: z.string().trim().min(1).max(500).optional(),
  })
  .strict();

export const exchangeMethods = {
  queryExchanges: method<ExchangePage>()(
    exchangeFilterSchema
      .extend({
        limit: z.number().int().min(1).max(500).default(50),
        cursor: z.string().min(1).max(100).nullish(),
      })
      .strict(),
    'One page of the exchange store, newest first; pass nextCursor back for the next (older) page.',
  ),
  exchangeFacets: method<ExchangeFacets>()(
    exchangeFilterSchema,
    'Counts per outcome, kind, status class, event type, subscription and inbox for the filter bar.',
  ),
  getExchange: method<ExchangeDetail>()(
    z.object({ id: idString }).strict(),
    'One delivery with all its attempts, or one capture, with bodies.',
  ),
  revealCredentials: method<{ headers: HeaderList }>()(
    z.object({ id: idString }).strict(),
    "A capture's headers with the credential values (Authorization, Cookie, API keys) unmasked: the store keeps them masked, and their originals sealed for this explicit request only.",
  ),
  purgeExchanges: method<{ removed: number }>()(
    z.union([z.object({ all: z.literal(true) }).strict(), z.object({ olderThan: isoTime }).strict()]),
    'Deletes every exchange, or those older than a time.',
  ),
  getStorageInfo: method<StorageInfo>()(
    z.object({}).strict().optional(),
    'Database size, row counts and retention settings.',
  ),
  getRetention: method<RetentionSettings>()(
    z.object({}).strict().optional(),
    'How many days and how many deliveries and captures the exchange store keeps (0: no limit of that kind).',
  ),
  setRetention: method<RetentionSettings>()(
    z
      .object({
        maxAgeDays: z
          .number()
          .int('Whole days')
          .min(0, '0 sets no age limit; otherwise a number of days')
          .max(MAX_RETENTION_DAYS, `At most ${MAX_RETENTION_DAYS} days; 0 sets no age limit`),
        maxRows: z
          .number()
          .int('A whole number of rows')
          .min(0, '0 sets no row limit; otherwise a number of rows')
          .max(MAX_RETENTION_ROWS, `At most ${MAX_RETENTION_ROWS} rows; 0 sets no row limit`),
      })
      .strict(),
    'Keeps deliveries and captures for this many days and at most this many rows (0: no limit of that kind). What falls outside is removed in the background, starting at once.',
  ),
};
