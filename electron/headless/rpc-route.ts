import type { IncomingMessage, ServerResponse } from 'node:http';
import { fail, httpStatusFor, type Result } from '../../shared/api/result';
import { BodyTooLarge, readBody, sendJson } from '../core/http/http-util';

const RPC_BODY_LIMIT = 32 * 1024 * 1024;

export type CallFn = (name: string, input: unknown) => Promise<Result<unknown>>;

/**
 * POST /rpc/<method> with the method's input as JSON; answers the Result with
 * the HTTP status matching its error code. User mistakes are 4xx, never 500.
 */
export async function handleRpc(req: IncomingMessage, res: ServerResponse, name: string, call: CallFn): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    sendJson(res, 405, fail('invalid_input', 'Use POST for /rpc calls.'));
    return;
  }
  // Requiring JSON makes any cross-origin call a preflighted one, which we never approve.
  if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
    sendJson(res, 415, fail('invalid_input', 'Send the method input as Content-Type: application/json.'));
    return;
  }
  let input: unknown;
  try {
    const raw = await readBody(req, RPC_BODY_LIMIT);
    input = raw.length === 0 ? undefined : JSON.parse(raw.toString('utf8'));
  } catch (err) {
    const tooLarge = err instanceof BodyTooLarge;
    sendJson(
      res,
      tooLarge ? 413 : 400,
      fail('invalid_input', tooLarge ? err.message : `The request body is not valid JSON: ${(err as Error).message}`),
    );
    return;
  }
  const result = await call(name, input);
  sendJson(res, result.ok ? 200 : httpStatusFor[result.error.code], result);
}
