import { createHash } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader, type CryptoKey, type JWTPayload } from 'jose';
import type { HeaderMap, ProfileId, VerifyHint, VerifyResult } from '../../../shared/model/signing';
import { bodyPreview, constantTimeEqual, jsonReserializations } from './bytes';
import { describeValueStyle } from './detect-profile';
import { getHeader } from './header-lookup';
import { missingHeaderHints } from './hmac-verify';
import { VerifyReport } from './verify-report';

export interface JwtCandidate {
  index: number;
  kid?: string;
  alg: string;
  key: CryptoKey | Uint8Array;
}

export interface JwtVerifyOptions {
  profile: ProfileId;
  label: string;
  header: string;
  headers: HeaderMap;
  body: Uint8Array;
  now: number;
  toleranceSeconds?: number;
  candidates: JwtCandidate[];
}

export const bodySha256 = (body: Uint8Array) => createHash('sha256').update(body).digest('base64');

async function verifiesWith(token: string, candidate: JwtCandidate): Promise<boolean> {
  try {
    await compactVerify(token, candidate.key, { algorithms: [candidate.alg] });
    return true;
  } catch {
    return false;
  }
}

function bodyHashHints(body: Uint8Array, claim: string): VerifyHint[] {
  const digest = createHash('sha256').update(body).digest();
  for (const enc of ['hex', 'base64url'] as const) {
    if (constantTimeEqual(enc === 'hex' ? claim.toLowerCase() : claim, digest.toString(enc))) {
      return [
        {
          code: 'wrong-encoding',
          message: `request_body_sha256 is the right SHA-256 but encoded as ${enc}; it must be standard base64 with padding.`,
        },
      ];
    }
  }
  for (const v of jsonReserializations(body)) {
    if (constantTimeEqual(claim, bodySha256(v.bytes))) {
      return [
        {
          code: 'body-reserialized',
          message: `request_body_sha256 matches the body as ${v.label} (${v.bytes.length} bytes, received ${body.length}): the JSON was re-serialized after signing. Hash the raw request bytes, before any JSON parsing.`,
        },
      ];
    }
  }
  return [
    {
      code: 'no-known-mistake',
      message:
        'The body hash matches neither the raw body nor its usual re-serializations: the body was changed after signing or belongs to another request.',
    },
  ];
}

/**
 * Header present → JWT well-formed → signature with a known key → iat/exp →
 * request_body_sha256. Later steps still run after a failure so the report
 * says everything that is wrong at once.
 */
export async function verifyBodyHashJwt(opts: JwtVerifyOptions): Promise<VerifyResult> {
  const report = new VerifyReport(opts.profile);
  const token = getHeader(opts.headers, opts.header)?.trim();
  if (token === undefined) {
    report.fail(
      'headers-present',
      `missing header "${opts.header}".`,
      missingHeaderHints(opts.headers, opts.header, opts.profile),
    );
    return report.result();
  }
  report.pass('headers-present', `found "${opts.header}".`);

  let alg: string;
  let kid: string | undefined;
  let payload: JWTPayload;
  try {
    const protectedHeader = decodeProtectedHeader(token);
    alg = String(protectedHeader.alg);
    kid = protectedHeader.kid;
    payload = decodeJwt(token);
  } catch (err) {
    const style = describeValueStyle(token);
    const hints: VerifyHint[] =
      style && !style.includes('JWT')
        ? [{ code: 'other-profile', message: `"${opts.header}" holds ${style}, not a JWT.` }]
        : [];
    report.fail(
      'header-format',
      `"${opts.header}" is not a compact JWT (header.payload.signature): ${(err as Error).message}`,
      hints,
    );
    return report.result();
  }
  report.pass('header-format', `JWT with alg ${alg}${kid ? `, kid "${kid}"` : ''}.`);

  const byKid = opts.candidates.filter((c) => c.kid === undefined || c.kid === kid);
  const pool = byKid.length ? byKid : opts.candidates;
  if (kid && !opts.candidates.some((c) => c.kid === kid) && opts.candidates.some((c) => c.kid)) {
    report.hint({
      code: 'unknown-kid',
      message: `The JWT names kid "${kid}", which none of your keys has (${opts.candidates
        .filter((c) => c.kid)
        .map((c) => `"${c.kid}"`)
        .join(', ')}): the sender signed with another key; fetch its current JWKS or add the key.`,
    });
  }
  const sameAlg = pool.filter((c) => c.alg === alg);
  let matched: JwtCandidate | undefined;
  for (const c of sameAlg)
    if (await verifiesWith(token, c)) {
      matched = c;
      break;
    }
  if (matched) {
    report.matchedSecret = matched.index;
    report.pass(
      'signature',
      `JWT signature (${alg}) verifies with key #${matched.index + 1}${matched.kid ? ` ("${matched.kid}")` : ''}.`,
    );
  } else {
    const algs = [...new Set(pool.map((c) => c.alg))];
    const detail =
      sameAlg.length === 0
        ? `the JWT is signed with ${alg} but the key(s) use ${algs.join(', ')}.`
        : `the JWT signature (${alg}) does not verify with ${sameAlg.length === 1 ? 'the key' : `any of the ${sameAlg.length} keys`}: it was signed with another secret or key.`;
    report.fail('signature', detail);
  }

  const problems: string[] = [];
  if (typeof payload.exp === 'number' && opts.now > payload.exp)
    problems.push(`the JWT expired ${opts.now - payload.exp} s ago (exp ${payload.exp}).`);
  if (
    opts.toleranceSeconds &&
    typeof payload.iat === 'number' &&
    Math.abs(opts.now - payload.iat) > opts.toleranceSeconds
  ) {
    const age = opts.now - payload.iat;
    problems.push(
      age > 0
        ? `iat is ${age} s old, beyond the ${opts.toleranceSeconds} s tolerance.`
        : `iat is ${-age} s in the future, beyond the ${opts.toleranceSeconds} s tolerance.`,
    );
  }
  if (problems.length) report.fail('timestamp', problems.join(' '));
  else
    report.pass(
      'timestamp',
      typeof payload.iat === 'number'
        ? `issued ${opts.now - payload.iat} s ago${typeof payload.exp === 'number' ? `, expires in ${payload.exp - opts.now} s` : ''}.`
        : 'no iat/exp to check.',
    );

  const expected = bodySha256(opts.body);
  const claim = payload['request_body_sha256'];
  report.computed = {
    signedContent: 'base64(sha256(body)) in JWT claim request_body_sha256',
    signedContentLength: opts.body.length,
    bodyLength: opts.body.length,
    bodyPreview: bodyPreview(opts.body),
    algorithm: `JWT ${alg}, SHA-256 body hash`,
    expected,
    ...(typeof claim === 'string' ? { received: [claim] } : {}),
  };
  if (typeof claim !== 'string')
    report.fail('body-hash', 'the JWT has no string claim "request_body_sha256", so it does not bind the body.');
  else if (constantTimeEqual(claim, expected))
    report.pass('body-hash', `request_body_sha256 matches the ${opts.body.length}-byte body.`);
  else
    report.fail(
      'body-hash',
      `request_body_sha256 does not match the SHA-256 of the ${opts.body.length}-byte body.`,
      bodyHashHints(opts.body, claim),
    );
  return report.result();
}
