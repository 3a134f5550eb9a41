import type { BlockList } from 'node:net';
import { parseTrustedProxies, TrustProxyError } from '../core/http/client-address';
import { loadTlsFiles, TlsFilesError, type TlsFiles } from '../core/http/tls-files';
import { UsageError } from './cli-io';

export interface NetworkFlags {
  host: string;
  tlsCert?: string;
  tlsKey?: string;
  trustProxy?: string;
  publicUrl?: string;
  publicReceiverUrl?: string;
}

export interface Network {
  host: string;
  tls: TlsFiles | null;
  trustProxy: BlockList | null;
  publicUrl: URL | null;
  /** Where providers reach inboxes, as the UI shows it (null: the receiver's own address). */
  publicReceiverUrl: URL | null;
}

export const isLoopbackHost = (host: string) =>
  host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

function baseUrl(flag: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `${flag}: "${value}" is not a URL; give the address people open, e.g. https://hookbench.example.com.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError(`${flag}: use an http:// or https:// URL (got ${url.protocol}).`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password)
    throw new UsageError(
      `${flag}: give only the scheme, host and port (${url.origin}); Hookbench is served at the root of its address.`,
    );
  return url;
}

/**
 * The rules for reaching Hookbench over the network, checked before anything
 * starts (each refusal is exit 2 naming what to add):
 * - a non-loopback --host needs TLS (--tls-cert/--tls-key) or a reverse proxy
 *   that terminates it (--trust-proxy <its address>): passwords and sessions
 *   never cross a network in clear text;
 * - an https --public-url needs one of them too;
 * - --tls-cert and --tls-key go together and must match.
 */
export function checkNetwork(flags: NetworkFlags): Network {
  if (!!flags.tlsCert !== !!flags.tlsKey)
    throw new UsageError(
      flags.tlsCert
        ? '--tls-cert needs --tls-key (the certificate\u2019s private key).'
        : '--tls-key needs --tls-cert.',
    );
  let tls: TlsFiles | null = null;
  if (flags.tlsCert && flags.tlsKey) {
    try {
      tls = loadTlsFiles(flags.tlsCert, flags.tlsKey);
    } catch (err) {
      if (err instanceof TlsFilesError) throw new UsageError(err.message);
      throw err;
    }
  }
  let trustProxy: BlockList | null = null;
  if (flags.trustProxy !== undefined) {
    try {
      trustProxy = parseTrustedProxies(flags.trustProxy);
    } catch (err) {
      if (err instanceof TrustProxyError) throw new UsageError(`--trust-proxy: ${err.message}`);
      throw err;
    }
  }
  if (!isLoopbackHost(flags.host) && !tls && !trustProxy)
    throw new UsageError(
      `--host ${flags.host} would expose Hookbench beyond this machine without encryption. Add --tls-cert FILE --tls-key FILE to serve HTTPS, or put a reverse proxy that terminates TLS in front and add --trust-proxy <the proxy's address or CIDR> (with --public-url https://<its name>). To stay on this machine, leave --host at 127.0.0.1.`,
    );
  const publicUrl = flags.publicUrl ? baseUrl('--public-url', flags.publicUrl) : null;
  if (publicUrl?.protocol === 'https:' && !tls && !trustProxy)
    throw new UsageError(
      `--public-url ${publicUrl.origin} is https: add --tls-cert FILE --tls-key FILE, or --trust-proxy <address> for the reverse proxy that serves it.`,
    );
  const publicReceiverUrl = flags.publicReceiverUrl ? baseUrl('--public-receiver-url', flags.publicReceiverUrl) : null;
  return { host: flags.host, tls, trustProxy, publicUrl, publicReceiverUrl };
}
