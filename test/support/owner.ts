import type { Dispatcher } from '../../electron/core/api/dispatch';
import { ownerCaller } from '../../electron/core/accounts/caller';
import type { Result } from '../../shared/api/result';

/** A dispatcher's `call` as the local owner (admin), the caller of the desktop window and the laptop's CLI. */
export function asOwner(d: Pick<Dispatcher, 'call'>): (name: string, input: unknown) => Promise<Result<unknown>> {
  const owner = ownerCaller('cli');
  return (name, input) => d.call(name, input, owner);
}
