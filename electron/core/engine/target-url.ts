import { BoundedMemo } from '../bounded-memo';

/** Origin and request path of a target URL. */
export interface TargetUrl {
  origin: string;
  path: string;
}

const parsed = new BoundedMemo<TargetUrl>(4096);

/**
 * Parsed once per URL string: every attempt to a subscription uses the same
 * one, and the limiter and the sender both need it. Bounded, since ad-hoc
 * sends can bring any number of URLs.
 */
export function targetUrl(url: string): TargetUrl {
  return parsed.get(url, () => {
    const u = new URL(url);
    return { origin: u.origin, path: u.pathname + u.search };
  });
}
