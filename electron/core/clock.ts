/** Injected so tests can move time (retry schedules, tolerances, retention) without sleeping. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
