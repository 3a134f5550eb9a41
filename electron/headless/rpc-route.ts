import type { IncomingMessage, ServerResponse } from 'node:http';
import { fail, httpStatusFor, type Result } from '../../shared/api/result';
import { decodePathSegment } from '../core/http/door-error';
import type { ErrorAnswer } from '../core/http/guarded';
import { sendJson } from '../core/http/http-util';
import { readJsonBody } from '../core/http/json-body';

const RPC_BODY_LIMIT = 32 * 1024 * 1024;

export type CallFn = (name: string, input: unknown) => Promise<Result<unknown>>;

/** The /rpc door's refusals: a failed Result, like every answer it gives. */
export const rpcErrorAnswer: ErrorAnswer = (res, err) =>
  sendJson(res, err.status, fail(err.code, err.message, err.fieldErrors));

/**
 * POST /rpc/<method> with the method's input as JSON; answers the Result with
 * the HTTP status matching its error code. User mistakes are 4xx, never 500.
 */
export async function handleRpc(
  req: IncomingMessage,
  res: ServerResponse,
  rawName: string,
  call: CallFn,
): Promise<void> {
  const name = decodePathSegment(rawName, 'method');
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    sendJson(res, 405, fail('invalid_input', 'Use POST for /rpc calls.'));
    return;
  }
  const input = await readJsonBody(req, { limit: RPC_BODY_LIMIT, requireJsonType: 'always' });
  const result = await call(name, input);
  sendJson(res, result.ok ? 200 : httpStatusFor[result.error.code], result);
}
