import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/** `--trust-proxy` given something that is not an address or a CIDR range: the message names the part. */
export class TrustProxyError extends Error {
  constructor(part: string) {
    super(
      `"${part}" is not an address or a CIDR range; give the reverse proxy's address, e.g. 127.0.0.1, 10.0.0.0/8 or ::1 (several separated by commas).`,
    );
    this.name = 'TrustProxyError';
  }
}

/** Parses `--trust-proxy 127.0.0.1,10.0.0.0/8,::1` into a BlockList; throws TrustProxyError. */
export function parseTrustedProxies(spec: string): BlockList {
  const list = new BlockList();
  for (const raw of spec.split(',')) {
    const part = raw.trim();
    if (!part) continue;
    const [address, prefix] = part.split('/');
    const family = isIP(address ?? '');
    if (!family) throw new TrustProxyError(part);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) {
      list.addAddress(address!, type);
      continue;
    }
    const bits = Number(prefix);
    if (!/^\d{1,3}$/.test(prefix) || bits > (family === 6 ? 128 : 32)) throw new TrustProxyError(part);
    list.addSubnet(address!, bits, type);
  }
  return list;
}

/** ::ffff:10.0.0.1 is 10.0.0.1 (a dual-stack socket reports IPv4 peers so). */
export function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

export function isTrusted(list: BlockList | null, address: string | undefined): boolean {
  if (!list || !address) return false;
  const plain = plainAddress(address);
  const family = isIP(plain);
  return family !== 0 && list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1)$/;
export const isLoopbackAddress = (address: string | undefined) => !!address && LOOPBACK.test(plainAddress(address));

/** True when the request came from this machine straight, not relayed by a proxy (which would add X-Forwarded-For). */
export function isDirectLocal(req: IncomingMessage): boolean {
  return isLoopbackAddress(req.socket.remoteAddress) && req.headers['x-forwarded-for'] === undefined;
}

/**
 * The client's address: the peer's, or — when the peer is a trusted proxy —
 * the right-most X-Forwarded-For entry that is not itself a trusted proxy
 * (entries to its left were written by the client and prove nothing).
 */
export function clientAddress(req: IncomingMessage, trusted: BlockList | null): string | undefined {
  const peer = req.socket.remoteAddress ? plainAddress(req.socket.remoteAddress) : undefined;
  if (!isTrusted(trusted, peer)) return peer;
  const forwarded = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
    .split(',')
    .map((h) => plainAddress(h.trim()))
    .filter((h) => isIP(h) !== 0);
  for (let i = hops.length - 1; i >= 0; i--) if (!isTrusted(trusted, hops[i])) return hops[i];
  return hops[0] ?? peer;
}

/** The scheme the client used: the trusted proxy's X-Forwarded-Proto, else whether this socket is TLS. */
export function clientScheme(req: IncomingMessage, trusted: BlockList | null): 'http' | 'https' {
  if (isTrusted(trusted, req.socket.remoteAddress)) {
    const proto = String(req.headers['x-forwarded-proto'] ?? '')
      .split(',')[0]!
      .trim()
      .toLowerCase();
    if (proto === 'https' || proto === 'http') return proto;
  }
  return (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
}
