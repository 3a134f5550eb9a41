import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'undici';

export interface TestCert {
  certFile: string;
  keyFile: string;
  cert: string;
  /** An undici dispatcher that trusts only this certificate. */
  agent: Agent;
}

/**
 * A self-signed certificate for localhost and 127.0.0.1, made now with the
 * system's openssl (a test never reuses a key from the repository for a server).
 */
export function makeTestCert(dir: string, names = ['localhost', '127.0.0.1']): TestCert {
  const certFile = join(dir, 'server.crt');
  const keyFile = join(dir, 'server.key');
  const san = names.map((n) => (/^[\d.]+$/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=hookbench-test',
      '-addext',
      `subjectAltName=${san}`,
    ],
    { stdio: 'pipe' },
  );
  const cert = readFileSync(certFile, 'utf8');
  return { certFile, keyFile, cert, agent: new Agent({ connect: { ca: cert } }) };
}
