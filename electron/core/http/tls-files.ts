import { readFileSync } from 'node:fs';
import { createSecureContext, rootCertificates } from 'node:tls';
import { X509Certificate } from 'node:crypto';

export interface TlsFiles {
  cert: string;
  key: string;
  /** SHA-256 fingerprint of the leaf certificate, as Node prints it (AA:BB:…), for clients on this machine to pin. */
  fingerprint256: string;
}

/** A certificate or key that cannot be used: the message names the flag and what is wrong. */
export class TlsFilesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TlsFilesError';
  }
}

function read(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new TlsFilesError(
      `${flag}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`,
    );
  }
}

/**
 * Reads `--tls-cert` (PEM, the leaf first, then its chain) and `--tls-key`
 * (PEM) and checks they belong together before anything listens, so a wrong
 * file is a clear start failure, not a handshake error for every visitor.
 */
export function loadTlsFiles(certPath: string, keyPath: string): TlsFiles {
  const cert = read(certPath, '--tls-cert');
  const key = read(keyPath, '--tls-key');
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(cert);
  } catch (err) {
    throw new TlsFilesError(`--tls-cert: ${certPath} is not a PEM certificate (${(err as Error).message}).`);
  }
  try {
    createSecureContext({ cert, key });
  } catch (err) {
    const msg = (err as Error).message;
    throw new TlsFilesError(
      /key values mismatch/i.test(msg)
        ? `--tls-key: ${keyPath} is not the private key of the certificate in ${certPath}.`
        : `--tls-key: ${keyPath} cannot be used with ${certPath} (${msg}).`,
    );
  }
  if (Date.parse(leaf.validTo) < Date.now())
    throw new TlsFilesError(`--tls-cert: the certificate in ${certPath} expired on ${leaf.validTo}; renew it.`);
  return { cert, key, fingerprint256: leaf.fingerprint256 };
}

/**
 * TLS options for a client on this machine talking to our own HTTPS port by
 * its loopback address: the name in the certificate will not be 127.0.0.1, so
 * the server is recognised by its certificate's fingerprint instead (the CA
 * chain is still checked for a self-signed one by trusting it as its own root).
 */
export function pinnedTlsOptions(certPem: string, fingerprint256: string) {
  return {
    ca: [...rootCertificates, certPem],
    checkServerIdentity: (_host: string, cert: { fingerprint256?: string }) =>
      cert.fingerprint256 === fingerprint256
        ? undefined
        : new Error(
            `the server's certificate (${cert.fingerprint256}) is not the one Hookbench wrote in instance.json`,
          ),
  };
}
