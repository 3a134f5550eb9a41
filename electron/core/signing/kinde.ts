import { compactVerify, decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import type { ProfileInfo } from '../../../shared/model/signing';
import { bodyPreview } from './bytes';
import { SigningInputError } from './errors';
import { kindeKeys } from './kinde-keys';
import { HOURS, MINUTES, SECONDS, type SigningProfile } from './profile';
import { VerifyReport } from './verify-report';

export const kindeInfo: ProfileInfo = {
  id: 'kinde',
  label: 'Kinde',
  description:
    'Kinde: the request body is a JWT (RS256, signed with the tenant key) whose claims are the event; verify it with the tenant JWKS.',
  headers: ['Content-Type'],
  secretFormat:
    'An RSA key: Hookbench generates one (PKCS#8 PEM) to sign; to verify, paste that key, its public PEM, or the JWKS document from /.well-known/jwks.',
  multipleSecrets: true,
  defaultToleranceSeconds: null,
  toleranceDirection: 'none',
  retryScheduleMs: [0, 30 * SECONDS, 5 * MINUTES, 30 * MINUTES, 2 * HOURS, 6 * HOURS],
  successRule: 'A 200 answer completes the webhook; anything else is retried with back-off.',
  emulated: [
    'Kinde documents "a back-off policy" without its delays; Hookbench retries after 30 s, 5 min, 30 min, 2 h and 6 h.',
    'The body is sent with Content-Type application/jwt and the JWT carries iat; neither is confirmed by the docs relied on.',
  ],
};

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export const kindeProfile: SigningProfile = {
  info: kindeInfo,
  async sign(input) {
    const key = (await kindeKeys(input.secrets)).find((k) => k.privateKey);
    if (!key) throw new SigningInputError('Kinde signing needs the private key; a public key or JWKS can only verify.');
    const text = Buffer.from(input.body).toString('utf8').trim();
    let claims: Record<string, unknown>;
    try {
      // A body that is already a Kinde JWT (a logged delivery resumed or replayed) is re-signed from its claims.
      claims = JWT.test(text)
        ? (({ iat: _iat, ...rest }) => rest)(decodeJwt(text))
        : (JSON.parse(text) as Record<string, unknown>);
    } catch {
      throw new SigningInputError('Kinde sends the event as JWT claims: the payload must be a JSON object.', 'payload');
    }
    if (claims === null || typeof claims !== 'object' || Array.isArray(claims))
      throw new SigningInputError('Kinde sends the event as JWT claims: the payload must be a JSON object.', 'payload');
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setIssuedAt(input.timestamp)
      .sign(key.privateKey!);
    return {
      headers: { 'Content-Type': 'application/jwt' },
      body: token,
      computed: {
        signedContent: 'the JSON payload as JWT claims; the JWT is the body',
        signedContentLength: token.length,
        bodyLength: token.length,
        bodyPreview: bodyPreview(input.body),
        algorithm: 'JWT RS256',
      },
    };
  },
  async verify(input) {
    const keys = await kindeKeys(input.secrets);
    const report = new VerifyReport('kinde');
    const token = Buffer.from(input.body).toString('utf8').trim();
    if (!JWT.test(token)) {
      report.fail(
        'body-format',
        token.startsWith('{')
          ? 'the body is JSON, not a JWT: Kinde sends the event as a signed JWT, so this request was not sent by Kinde (or a proxy decoded it).'
          : 'the body is not a compact JWT (header.payload.signature).',
      );
      return report.result();
    }
    report.pass('body-format', `the body is a ${token.length}-character JWT.`);
    let kid: string | undefined;
    try {
      const header = decodeProtectedHeader(token);
      kid = header.kid;
      if (header.alg !== 'RS256') {
        report.fail('header-format', `the JWT is signed with ${String(header.alg)}; Kinde uses RS256.`);
        return report.result();
      }
    } catch (err) {
      report.fail('header-format', `the JWT header cannot be read: ${(err as Error).message}`);
      return report.result();
    }
    report.pass('header-format', `JWT RS256${kid ? `, kid "${kid}"` : ''}.`);
    const pool = keys.filter((k) => !kid || k.kid === kid);
    for (const k of pool.length ? pool : keys) {
      try {
        const { payload } = await compactVerify(token, k.publicKey, { algorithms: ['RS256'] });
        report.matchedSecret = keys.indexOf(k);
        report.pass('signature', `the JWT signature verifies with key "${k.kid}".`);
        const claims = JSON.parse(Buffer.from(payload).toString('utf8')) as Record<string, unknown>;
        report.pass(
          'claims',
          typeof claims.type === 'string'
            ? `event "${claims.type}".`
            : 'the claims carry no event "type": signed with the key, but not shaped like a Kinde event.',
        );
        return report.result();
      } catch {
        // try the next key
      }
    }
    report.fail(
      'signature',
      kid && !keys.some((k) => k.kid === kid)
        ? `the JWT names kid "${kid}", which none of the given keys has: fetch the tenant's current JWKS.`
        : 'the JWT signature does not verify with the given key(s): it was signed with another key, or altered.',
    );
    return report.result();
  },
};
