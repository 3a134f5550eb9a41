import { z } from 'zod';
import { method } from '../define';
import { BULK_REPLAY_RATE, type BulkReplayJob, type BulkReplayResult } from '../../model/bulk-replay';
import { deliveryMethods } from './delivery';
import { exchangeFilterSchema } from './exchanges';

/** The same targets a single replay takes; without one, each row goes back to where it went (captures need one). */
const replayTarget = deliveryMethods.replay.input.shape.target.unwrap();

export const bulkReplayInput = exchangeFilterSchema
  .extend({
    dryRun: z.boolean().default(false),
    ratePerSecond: z
      .union(
        [
          z
            .number()
            .int()
            .min(1, 'At least 1 replay per second')
            .max(
              BULK_REPLAY_RATE.max,
              `At most ${BULK_REPLAY_RATE.max} per second; "max" replays as fast as the engine goes`,
            ),
          z.literal('max'),
        ],
        { error: `Use a whole number of replays per second from 1 to ${BULK_REPLAY_RATE.max}, or "max"` },
      )
      .default(BULK_REPLAY_RATE.default),
    target: replayTarget.optional(),
  })
  .strict();

export const bulkReplayMethods = {
  bulkReplay: method<BulkReplayResult>()(
    bulkReplayInput,
    'Replays every delivery and capture matching the log filter, re-signed with fresh timestamps, at most ratePerSecond per second ("max": as fast as the engine takes them), as one background job (progress as bulkReplay.progress events). dryRun only counts them. One job at a time: another while one runs is a conflict.',
  ),
  getBulkReplay: method<BulkReplayJob | null>()(
    z.object({}).strict().optional(),
    'The running bulk replay job, or the last one (null when none ran since start).',
  ),
  cancelBulkReplay: method<{ cancelled: boolean; job: BulkReplayJob | null }>()(
    z.object({}).strict().optional(),
    'Stops the running bulk replay after the replays already in flight; cancelled is false when none was running.',
  ),
};
