import type { IncomingMessage } from 'node:http';
import { depthExceeds, TOO_DEEP } from '../../../shared/validate/bounds';
import { DoorError } from './door-error';
import { BodyTooLarge, readBody } from './http-util';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export interface JsonBodyOptions {
  limit: number;
  /**
   * 'always': the body must be declared JSON even when empty (the /rpc door: a
   * cross-origin page can then only send it preflighted, which we never approve).
   * 'when-present': only a non-empty body must be.
   */
  requireJsonType: 'always' | 'when-present';
}

export function isJsonType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
}

/**
 * The one reader of JSON request bodies for every HTTP door: bounded in size,
 * strict UTF-8, JSON only, nested at most MAX_INPUT_DEPTH deep. Resolves
 * `undefined` for an empty body; refusals are DoorErrors the door answers in
 * its own shape.
 */
export async function readJsonBody(req: IncomingMessage, opts: JsonBodyOptions): Promise<unknown> {
  const declared = req.headers['content-type'];
  if (opts.requireJsonType === 'always' && !isJsonType(declared))
    throw new DoorError(415, 'invalid_input', 'Send the input as Content-Type: application/json.');
  let raw: Buffer;
  try {
    raw = await readBody(req, opts.limit);
  } catch (err) {
    if (err instanceof BodyTooLarge) throw new DoorError(413, 'invalid_input', err.message);
    throw new DoorError(400, 'invalid_input', 'The request body could not be read (the connection broke off).');
  }
  if (raw.length === 0) return undefined;
  if (!isJsonType(declared))
    throw new DoorError(
      415,
      'invalid_input',
      `Send the body as Content-Type: application/json (got ${declared ? `"${declared}"` : 'none'}).`,
    );
  let text: string;
  try {
    text = strictUtf8.decode(raw);
  } catch {
    throw new DoorError(400, 'invalid_input', 'The request body is not valid UTF-8.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new DoorError(400, 'invalid_input', `The request body is not valid JSON: ${(err as Error).message}`);
  }
  if (depthExceeds(value)) throw new DoorError(400, 'invalid_input', TOO_DEEP);
  return value;
}
