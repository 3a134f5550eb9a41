import type { z } from 'zod';

/**
 * One method of the contract: the schema every door validates its input with,
 * and the type of its answer (a phantom: only the compiler reads it).
 */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  output: O;
  summary: string;
}

export function method<O>() {
  return <I extends z.ZodType>(input: I, summary: string): MethodSpec<I, O> => ({
    input,
    output: undefined as unknown as O,
    summary,
  });
}
