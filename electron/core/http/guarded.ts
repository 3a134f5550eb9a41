import type { ServerResponse } from 'node:http';
import type { Logger } from '../log';
import { DoorError } from './door-error';

/** How a door writes a refusal: its own status mapping and body shape. */
export type ErrorAnswer = (res: ServerResponse, err: DoorError) => void;

/**
 * The one place a door turns a failure into an answer: a DoorError (the
 * caller's mistake) is answered as the door answers errors; anything else is a
 * bug, logged, and answered as a 500 in the same shape — never another door's.
 */
export async function guarded(
  res: ServerResponse,
  log: Logger,
  answer: ErrorAnswer,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (err) {
    let refusal: DoorError;
    if (err instanceof DoorError) refusal = err;
    else {
      log.error('request failed', err);
      refusal = new DoorError(500, 'internal', 'Internal error; details are in the log.');
    }
    if (res.headersSent) res.destroy();
    else answer(res, refusal);
  }
}
