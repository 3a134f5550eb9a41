import type { EventSummary, ProfileId, SamplePayload } from '../model/signing';
import { profileIds } from '../model/signing';
import { auth0Catalog } from './auth0';
import { clerkCatalog } from './clerk';
import { Fake } from './fake';
import { fiefCatalog } from './fief';
import { fronteggCatalog } from './frontegg';
import { fusionAuthCatalog } from './fusionauth';
import { githubCatalog } from './github';
import { kindeCatalog } from './kinde';
import { logtoCatalog } from './logto';
import { oktaCatalog } from './okta';
import { standardWebhooksCatalog } from './standard-webhooks';
import { stripeCatalog } from './stripe';
import { supabaseCatalog } from './supabase';
import { workosCatalog } from './workos';
import type { CatalogEvent } from './types';

export type { CatalogEvent } from './types';
export { Fake, mulberry32 } from './fake';

/** Svix and the custom profile share the Standard Webhooks samples: same envelope. */
export const catalogs: Record<ProfileId, CatalogEvent[]> = {
  'standard-webhooks': standardWebhooksCatalog,
  svix: standardWebhooksCatalog,
  fief: fiefCatalog,
  logto: logtoCatalog,
  fusionauth: fusionAuthCatalog,
  frontegg: fronteggCatalog,
  stripe: stripeCatalog,
  github: githubCatalog,
  clerk: clerkCatalog,
  workos: workosCatalog,
  okta: oktaCatalog,
  auth0: auth0Catalog,
  supabase: supabaseCatalog,
  kinde: kindeCatalog,
  'custom-hmac': standardWebhooksCatalog,
};

/** A fixed default base time, so a seed alone reproduces a payload. */
export const DEFAULT_BASE_TIME = Date.UTC(2024, 4, 1, 12, 0, 0);

export class UnknownEventError extends Error {
  constructor(
    readonly provider: ProfileId,
    readonly event: string,
    readonly suggestions: string[],
  ) {
    super(
      `Unknown event "${event}" for ${provider}.${suggestions.length ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : ''} List them with: hookbench events --provider ${provider}`,
    );
    this.name = 'UnknownEventError';
  }
}

export function listEvents(provider?: ProfileId): EventSummary[] {
  const ids = provider ? [provider] : profileIds;
  return ids.flatMap((p) => catalogs[p].map((e) => ({ provider: p, name: e.name, description: e.description })));
}

export function findEvent(provider: ProfileId, event: string): CatalogEvent {
  const found = catalogs[provider].find((e) => e.name === event);
  if (found) return found;
  const needle = event.toLowerCase();
  const suggestions = catalogs[provider]
    .map((e) => e.name)
    .filter((n) => n.toLowerCase().includes(needle) || needle.includes(n.toLowerCase().replace(/^frontegg\./, '')))
    .slice(0, 3);
  throw new UnknownEventError(provider, event, suggestions);
}

export interface SampleOptions {
  seed?: number;
  /** Epoch ms the sample's timestamps are derived from. */
  baseTime?: number;
}

/** The body exactly as the provider would send it: compact JSON of its envelope. */
export function samplePayload(provider: ProfileId, event: string, options: SampleOptions = {}): SamplePayload {
  const fake = new Fake(options.seed ?? 1, options.baseTime ?? DEFAULT_BASE_TIME);
  const body = JSON.stringify(findEvent(provider, event).generate(fake));
  return { provider, event, contentType: 'application/json', body };
}
