/** Origin and request path of a target URL. */
export interface TargetUrl {
  origin: string;
  path: string;
}

const parsed = new Map<string, TargetUrl>();

/**
 * Parsed once per URL string: every attempt to a subscription uses the same
 * one, and the limiter and the sender both need it. Bounded, since ad-hoc
 * sends can bring any number of URLs.
 */
export function targetUrl(url: string): TargetUrl {
  let t = parsed.get(url);
  if (!t) {
    const u = new URL(url);
    t = { origin: u.origin, path: u.pathname + u.search };
    if (parsed.size >= 4096) parsed.clear();
    parsed.set(url, t);
  }
  return t;
}
