import type { IncomingHttpHeaders } from 'node:http';
import { networkInterfaces } from 'node:os';

/** This machine's names for the receiver: what a request addressed here (not via a rebound name) carries in Host. */
export function localHostNames(bindHost: string): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '::1']);
  if (bindHost === '0.0.0.0' || bindHost === '::') {
    for (const list of Object.values(networkInterfaces())) for (const nic of list ?? []) names.add(nic.address);
  } else names.add(bindHost.replace(/^\[|\]$/g, ''));
  return names;
}

/** The host name of a Host header, without port or IPv6 brackets, lower-cased. */
export function hostNameOf(host: string | undefined): string {
  const h = (host ?? '').trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  return h.split(':')[0]!;
}

/**
 * A request a browser made on behalf of a page on another site: webhook
 * senders are servers and send neither Sec-Fetch-Site nor Origin. A page
 * opened straight in the address bar (Sec-Fetch-Site: none) is the user's own.
 */
export function fromAnotherSite(headers: IncomingHttpHeaders): boolean {
  const site = headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return true;
  const origin = headers.origin;
  if (origin === undefined) return false;
  if (origin === 'null') return true;
  try {
    return new URL(origin).host.toLowerCase() !== (headers.host ?? '').toLowerCase();
  } catch {
    return true;
  }
}

/** Whether the target's answer may be relayed: only to requests addressed to this machine, or to a trusted name. */
export function mayRelay(host: string | undefined, local: Set<string>, trusted: string[]): boolean {
  const name = hostNameOf(host);
  return local.has(name) || trusted.includes(name);
}
