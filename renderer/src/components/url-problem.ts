import { httpUrl } from '../../../shared/api/methods/subscriptions';

/**
 * Why a target URL will not be accepted, in words that say what to change, or
 * null when the core's own validator (the shared schema) accepts it.
 */
export function urlProblem(text: string): string | null {
  const url = text.trim();
  if (!url) return 'Enter the URL to send to, e.g. http://localhost:3000/webhooks';
  if (httpUrl.safeParse(url).success) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1];
  if (scheme) return `${scheme}:// cannot carry a webhook: use http:// or https://`;
  if (/^[\w.-]+(:\d+)?(\/|$)/.test(url)) return `Add the scheme: http://${url}`;
  return 'Not a URL: write it as http://host:port/path, e.g. http://localhost:3000/webhooks';
}
