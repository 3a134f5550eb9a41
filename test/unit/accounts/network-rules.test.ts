import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, clientScheme, parseTrustedProxies } from '../../../electron/core/http/client-address';
import { checkNetwork } from '../../../electron/headless/network-options';
import { UsageError } from '../../../electron/headless/cli-io';

const req = (peer: string, headers: Record<string, string> = {}, encrypted = false) =>
  ({ socket: { remoteAddress: peer, encrypted }, headers }) as unknown as IncomingMessage;

describe('trusted proxies and the client address', () => {
  const trusted = parseTrustedProxies('10.0.0.0/8, 127.0.0.1,::1');

  it('believes X-Forwarded-For only from a trusted peer, and only its right-most untrusted entry', () => {
    expect(clientAddress(req('203.0.113.9', { 'x-forwarded-for': '1.2.3.4' }), trusted)).toBe('203.0.113.9');
    expect(
      clientAddress(req('::ffff:10.1.2.3', { 'x-forwarded-for': '6.6.6.6, 198.51.100.7, 10.0.0.2' }), trusted),
    ).toBe('198.51.100.7');
    expect(clientAddress(req('10.1.2.3'), trusted)).toBe('10.1.2.3');
    expect(clientAddress(req('10.1.2.3', { 'x-forwarded-for': '1.2.3.4' }), null)).toBe('10.1.2.3');
  });

  it('believes X-Forwarded-Proto only from a trusted peer', () => {
    expect(clientScheme(req('10.0.0.5', { 'x-forwarded-proto': 'https' }), trusted)).toBe('https');
    expect(clientScheme(req('203.0.113.9', { 'x-forwarded-proto': 'https' }), trusted)).toBe('http');
    expect(clientScheme(req('203.0.113.9', {}, true), trusted)).toBe('https');
  });

  it('names the part of --trust-proxy that is not an address or range', () => {
    expect(() => parseTrustedProxies('10.0.0.0/8,proxy.internal')).toThrow(/"proxy\.internal" is not an address/);
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow(/"10\.0\.0\.0\/33"/);
  });
});

describe('serve refuses to expose Hookbench without encryption', () => {
  it('refuses a non-loopback --host without TLS or a trusted proxy, saying what to add', () => {
    const run = () => checkNetwork({ host: '0.0.0.0' });
    expect(run).toThrow(UsageError);
    expect(run).toThrow(/--tls-cert FILE --tls-key FILE.*--trust-proxy/s);
    expect(checkNetwork({ host: '0.0.0.0', trustProxy: '127.0.0.1' }).trustProxy).not.toBeNull();
    expect(checkNetwork({ host: '127.0.0.1' }).tls).toBeNull();
    expect(checkNetwork({ host: '::1' }).tls).toBeNull();
  });

  it('checks the flags that go together and the public URLs', () => {
    expect(() => checkNetwork({ host: '127.0.0.1', tlsCert: 'a.pem' })).toThrow(/--tls-cert needs --tls-key/);
    expect(() => checkNetwork({ host: '127.0.0.1', tlsCert: '/nonexistent.pem', tlsKey: '/nonexistent.key' })).toThrow(
      /--tls-cert: cannot read \/nonexistent\.pem \(ENOENT\)/,
    );
    expect(() => checkNetwork({ host: '127.0.0.1', publicUrl: 'https://hb.example.org' })).toThrow(
      /--public-url .* is https/,
    );
    expect(() => checkNetwork({ host: '127.0.0.1', publicUrl: 'ftp://x' })).toThrow(/http:\/\/ or https:\/\//);
    expect(() =>
      checkNetwork({ host: '127.0.0.1', trustProxy: '::1', publicUrl: 'https://hb.example.org/app' }),
    ).toThrow(/only the scheme, host and port/);
    expect(
      checkNetwork({ host: '127.0.0.1', trustProxy: '::1', publicUrl: 'https://hb.example.org' }).publicUrl?.host,
    ).toBe('hb.example.org');
  });
});
