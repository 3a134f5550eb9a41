import type { Handlers } from './dispatch';
import { signingHandlers } from './signing-handlers';
import { statusHandlers, type StatusContext } from './status-handlers';

export interface HandlerContext {
  status: StatusContext;
}

/** Every area's handlers, spread into the one object the dispatcher serves. */
export function createHandlers(ctx: HandlerContext): Handlers {
  return {
    ...statusHandlers(ctx.status),
    ...signingHandlers(),
  };
}
