import type { Fake } from './fake';

export interface CatalogEvent {
  name: string;
  description: string;
  /** Builds the whole body in the provider's envelope. */
  generate(fake: Fake): unknown;
}

/** Shorthand for catalogs whose events share one generator keyed by name. */
export function events(entries: [string, string][], generate: (name: string, fake: Fake) => unknown): CatalogEvent[] {
  return entries.map(([name, description]) => ({ name, description, generate: (fake) => generate(name, fake) }));
}

export const DAY = 86_400;
