import type { z } from 'zod';
import {
  isMethodName,
  methodNames,
  methods,
  type AppApi,
  type MethodName,
  type MethodOutput,
  type ParsedInput,
} from '../../../shared/api/contract';
import { mayCall, methodAccess } from '../../../shared/api/method-access';
import { AppFailure, fail, ok, type Result } from '../../../shared/api/result';
import { depthExceeds, TOO_DEEP } from '../../../shared/validate/bounds';
import { ownerCaller, type Caller } from '../accounts/caller';
import type { Logger } from '../log';

/**
 * What the core implements: one function per contract method, given input
 * already validated and the caller already allowed; the caller is passed for
 * the few methods that act on "my own" account or default to it.
 */
export type Handlers = {
  [K in MethodName]: (input: ParsedInput<K>, caller: Caller) => Promise<MethodOutput<K>> | MethodOutput<K>;
};

/** Records a state-changing call: who, which method, what (input summarized by the sink), how it ended. */
export type AuditSink = (call: {
  caller: Caller;
  name: MethodName;
  input: unknown;
  result: Result<unknown>;
}) => Promise<void>;

export interface Dispatcher {
  /**
   * The single entry of every door: checks the caller's role against
   * methodAccess, validates, runs, audits a change, and always answers with a
   * Result. Each door says who is calling.
   */
  call(name: string, input: unknown, caller: Caller): Promise<Result<unknown>>;
  /** The contract for a given caller, as functions. */
  apiFor(caller: Caller): AppApi;
  /** The contract as the local owner in this process (the CLI's own core, tests). */
  api: AppApi;
}

export function formatIssues(issues: z.core.$ZodIssue[]): { message: string; fieldErrors: Record<string, string[]> } {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '(input)';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const message = Object.entries(fieldErrors)
    .map(([field, msgs]) => `${field}: ${msgs.join('; ')}`)
    .join('. ');
  return { message, fieldErrors };
}

export function createDispatcher(handlers: Handlers, log: Logger, audit?: AuditSink): Dispatcher {
  async function run(name: MethodName, input: unknown, caller: Caller): Promise<Result<unknown>> {
    try {
      const handler = handlers[name] as (i: unknown, c: Caller) => unknown;
      return ok(await handler(input, caller));
    } catch (err) {
      if (err instanceof AppFailure) return fail(err.code, err.message, err.fieldErrors);
      log.error(`method ${name} failed`, err);
      return fail('internal', `Hookbench hit an internal error while running ${name}; details are in the log.`);
    }
  }

  async function call(name: string, input: unknown, caller: Caller): Promise<Result<unknown>> {
    if (!isMethodName(name)) return fail('not_found', `Unknown method "${name.slice(0, 100)}".`);
    const access = methodAccess[name];
    // The role is checked before the input is even read: a caller who may not call a method learns nothing from it.
    const verdict = mayCall(caller.role, name);
    if (!verdict.ok) {
      const refused = fail('forbidden', `${name}: ${verdict.reason}`);
      if (access.mutates) await audit?.({ caller, name, input: undefined, result: refused });
      return refused;
    }
    // IPC hands over structured clones of any depth; the HTTP doors already refused deeper JSON.
    if (depthExceeds(input)) return fail('invalid_input', `Invalid input for ${name}: ${TOO_DEEP}`);
    const parsed = methods[name].input.safeParse(input);
    if (!parsed.success) {
      const { message, fieldErrors } = formatIssues(parsed.error.issues);
      return fail('invalid_input', `Invalid input for ${name}: ${message}`, fieldErrors);
    }
    const result = await run(name, parsed.data, caller);
    if (access.mutates) await audit?.({ caller, name, input: parsed.data, result });
    return result;
  }

  const apiFor = (caller: Caller) =>
    Object.fromEntries(methodNames.map((n) => [n, (input: unknown) => call(n, input, caller)])) as unknown as AppApi;
  return { call, apiFor, api: apiFor(ownerCaller('cli')) };
}
