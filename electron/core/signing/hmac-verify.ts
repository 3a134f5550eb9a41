import type { HeaderMap, VerifyHint, VerifyResult } from '../../../shared/model/signing';
import { constantTimeEqual } from './bytes';
import { describeValueStyle, detectOtherProfiles } from './detect-profile';
import { findMistakes } from './diagnose';
import { getHeader, similarHeaders } from './header-lookup';
import { computedInfo, encode, macOfTemplate, signedContentLength, type HmacScheme } from './hmac-scheme';
import { hmacKeys } from './secrets';
import { timestampProblem, VerifyReport } from './verify-report';

export interface HmacVerifyInput {
  headers: HeaderMap;
  body: Uint8Array;
  secrets: string[];
  now: number;
  toleranceSeconds?: number;
}

export function missingHeaderHints(headers: HeaderMap, expected: string, profile: HmacScheme['profile']): VerifyHint[] {
  const hints: VerifyHint[] = [];
  const similar = similarHeaders(headers, expected);
  if (similar.length)
    hints.push({
      code: 'similar-header',
      message: `Expected "${expected}"; similar header(s) present: ${similar.map((h) => `"${h}"`).join(', ')}. Check the header name the sender uses, or pick the matching profile.`,
    });
  for (const other of detectOtherProfiles(headers, profile)) {
    hints.push({
      code: 'other-profile',
      message: `This request carries "${other.header}", the signature header of ${other.label}: it was probably signed by the ${other.label} profile (${other.profile}).`,
    });
  }
  return hints;
}

export function verifyHmac(scheme: HmacScheme, input: HmacVerifyInput): VerifyResult {
  const report = new VerifyReport(scheme.profile);
  // Throws SigningInputError for empty/malformed secrets: a caller mistake, not a verdict.
  const keys = hmacKeys(input.secrets, scheme.keyMode, scheme.label);

  const required = [scheme.signatureHeader, scheme.idHeader, scheme.timestampHeader].filter((h): h is string => !!h);
  const missing = required.filter((h) => getHeader(input.headers, h) === undefined);
  if (missing.length) {
    report.fail(
      'headers-present',
      `missing header${missing.length > 1 ? 's' : ''} ${missing.map((h) => `"${h}"`).join(', ')}.`,
      missing.flatMap((h) => missingHeaderHints(input.headers, h, scheme.profile)),
    );
    if (!missing.includes(scheme.signatureHeader))
      report.hint(
        ...missingHeaderHints(input.headers, scheme.signatureHeader, scheme.profile).filter(
          (h) => h.code === 'other-profile',
        ),
      );
    return report.result();
  }
  report.pass('headers-present', `found ${required.map((h) => `"${h}"`).join(', ')}.`);

  const rawSignature = getHeader(input.headers, scheme.signatureHeader)!;
  const parsed = scheme.parseHeader(rawSignature);
  const id = scheme.idHeader ? getHeader(input.headers, scheme.idHeader)! : undefined;
  let timestampText = scheme.timestampHeader ? getHeader(input.headers, scheme.timestampHeader)!.trim() : undefined;
  if ('error' in parsed) {
    const style = describeValueStyle(rawSignature);
    const hints: VerifyHint[] = style
      ? [
          {
            code: 'other-profile',
            message: `"${scheme.signatureHeader}" holds ${style}, not a ${scheme.label} signature: the sender signed with another scheme.`,
          },
        ]
      : [];
    report.fail('header-format', `"${scheme.signatureHeader}" is malformed: ${parsed.error}`, hints);
    return report.result();
  }
  timestampText ??= parsed.timestamp;
  if (timestampText !== undefined && !/^\d+$/.test(timestampText)) {
    report.fail('header-format', `timestamp "${timestampText.slice(0, 40)}" is not a whole number of Unix seconds.`);
    return report.result();
  }
  if (id !== undefined && id.trim() === '') {
    report.fail('header-format', `"${scheme.idHeader}" is empty.`);
    return report.result();
  }
  report.pass(
    'header-format',
    `${parsed.signatures.length} signature${parsed.signatures.length === 1 ? '' : 's'} in "${scheme.signatureHeader}".`,
  );

  const tolerance = input.toleranceSeconds ?? scheme.tolerance?.seconds;
  if (timestampText !== undefined && tolerance) {
    const timestamp = scheme.timestampUnit === 'ms' ? Math.floor(Number(timestampText) / 1000) : Number(timestampText);
    const problem = timestampProblem(timestamp, input.now, tolerance, scheme.tolerance?.direction ?? 'both');
    if (problem) {
      const hints: VerifyHint[] =
        timestampText.length >= 13 && scheme.timestampUnit !== 'ms'
          ? [
              {
                code: 'timestamp-milliseconds',
                message: `The timestamp has ${timestampText.length} digits: it looks like milliseconds; ${scheme.label} uses Unix seconds.`,
              },
            ]
          : [];
      report.fail('timestamp', problem, hints);
    } else report.pass('timestamp', `timestamp within ${tolerance} s of now (${input.now - timestamp} s old).`);
  }

  const parts = { id, timestamp: timestampText, body: input.body };
  const contentLength = signedContentLength(scheme.template, parts);
  const expected = keys.map((key) =>
    encode(macOfTemplate(scheme.algorithm, key, scheme.template, parts), scheme.encoding),
  );
  report.computed = computedInfo(
    scheme,
    contentLength,
    input.body,
    expected[0],
    parsed.signatures.map((s) => (s.length > 16 ? `${s.slice(0, 16)}…` : s)),
  );
  const matched = expected.findIndex((e) => parsed.signatures.some((r) => constantTimeEqual(r, e)));
  if (matched >= 0) {
    report.matchedSecret = matched;
    report.pass(
      'signature',
      `HMAC-${scheme.algorithm.toUpperCase()} over ${scheme.template} (${contentLength} bytes) matches${keys.length > 1 ? ` secret #${matched + 1}` : ''}.`,
    );
  } else {
    report.fail(
      'signature',
      `no received signature matches HMAC-${scheme.algorithm.toUpperCase()} over ${scheme.template} (${contentLength} bytes) with ${keys.length === 1 ? 'the secret' : `any of the ${keys.length} secrets`}.`,
      findMistakes({
        scheme,
        secrets: input.secrets,
        body: input.body,
        id,
        timestamp: timestampText,
        received: parsed.signatures,
      }),
    );
    report.hint(
      ...detectOtherProfiles(input.headers, scheme.profile).map((o) => ({
        code: 'other-profile' as const,
        message: `This request also carries "${o.header}" (${o.label}); try the ${o.profile} profile.`,
      })),
    );
  }
  return report.result();
}
