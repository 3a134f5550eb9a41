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
import { AppFailure, fail, ok, type Result } from '../../../shared/api/result';
import { depthExceeds, TOO_DEEP } from '../../../shared/validate/bounds';
import type { Logger } from '../log';

/** What the core implements: one function per contract method, given input already validated. */
export type Handlers = {
  [K in MethodName]: (input: ParsedInput<K>) => Promise<MethodOutput<K>> | MethodOutput<K>;
};

export interface Dispatcher {
  /** The single entry of every door: validates, runs, and always answers with a Result. */
  call(name: string, input: unknown): Promise<Result<unknown>>;
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

export function createDispatcher(handlers: Handlers, log: Logger): Dispatcher {
  async function call(name: string, input: unknown): Promise<Result<unknown>> {
    if (!isMethodName(name)) return fail('not_found', `Unknown method "${name.slice(0, 100)}".`);
    // IPC hands over structured clones of any depth; the HTTP doors already refused deeper JSON.
    if (depthExceeds(input)) return fail('invalid_input', `Invalid input for ${name}: ${TOO_DEEP}`);
    const parsed = methods[name].input.safeParse(input);
    if (!parsed.success) {
      const { message, fieldErrors } = formatIssues(parsed.error.issues);
      return fail('invalid_input', `Invalid input for ${name}: ${message}`, fieldErrors);
    }
    try {
      const handler = handlers[name] as (i: unknown) => unknown;
      return ok(await handler(parsed.data));
    } catch (err) {
      if (err instanceof AppFailure) return fail(err.code, err.message, err.fieldErrors);
      log.error(`method ${name} failed`, err);
      return fail('internal', `Hookbench hit an internal error while running ${name}; details are in the log.`);
    }
  }
  const api = Object.fromEntries(methodNames.map((n) => [n, (input: unknown) => call(n, input)])) as unknown as AppApi;
  return { call, api };
}
