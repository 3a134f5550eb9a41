import { timingSafeEqual } from 'node:crypto';
import type { HeaderList } from '../../../shared/model/exchange';
import type { ApiKeys } from '../rest/api-keys';
import { LEGACY_TOKEN_COOKIE } from './request-guard';
import { CSRF_HEADER, SECURE_SESSION_COOKIE, SESSION_COOKIE } from './session-cookie';

/** Cookies that only ever mean Hookbench: cut from whatever the receiver is sent, whatever their value. */
const OWN_COOKIES = [LEGACY_TOKEN_COOKIE, SESSION_COOKIE, SECURE_SESSION_COOKIE];
const isOwnCookie = (part: string) => OWN_COOKIES.some((name) => part.trim().startsWith(`${name}=`));

function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Headers a Hookbench credential could arrive in, were a client to send one to the wrong port. */
const CARRIERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'api-key']);

/**
 * What Hookbench accepts as proof of access: the per-run tokens of the doors
 * that listen, and the API keys. The receiver asks here so it never stores or
 * forwards one, whoever sent it there (a stale cookie of an older Hookbench, a
 * script pointed at the wrong port).
 */
export class HookbenchCredentials {
  private readonly tokens = new Set<string>();

  constructor(private readonly apiKeys: () => ApiKeys | null) {}

  addToken(token: string): void {
    this.tokens.add(token);
  }

  removeToken(token: string): void {
    this.tokens.delete(token);
  }

  /** A header value holding a token or an API key, bare or after an auth scheme (`Bearer …`). */
  isCredential(value: string): boolean {
    const bare = value
      .trim()
      .replace(/^[A-Za-z-]+\s+/, '')
      .trim();
    if (!bare) return false;
    for (const token of this.tokens) if (same(bare, token) || same(value.trim(), token)) return true;
    const keys = this.apiKeys();
    return !!keys && (keys.find(bare) !== null || keys.find(value.trim()) !== null);
  }

  /**
   * The headers without any Hookbench credential: carrier headers holding one
   * are dropped whole, the session's CSRF header always, and the session and
   * old token cookies are cut out of Cookie headers (a browser sends a host's
   * cookies to every port of it, the receiver's too). Returns the same list
   * when there was nothing to remove (the common case).
   */
  strip(headers: HeaderList): HeaderList {
    let changed = false;
    const kept: HeaderList = [];
    for (const [name, value] of headers) {
      const lower = name.toLowerCase();
      if ((CARRIERS.has(lower) && this.isCredential(value)) || lower === CSRF_HEADER) {
        changed = true;
        continue;
      }
      if (lower === 'cookie' && value.split(';').some(isOwnCookie)) {
        changed = true;
        const rest = value
          .split(';')
          .filter((part) => !isOwnCookie(part))
          .join(';')
          .trim();
        if (rest) kept.push([name, rest]);
        continue;
      }
      kept.push([name, value]);
    }
    return changed ? kept : headers;
  }
}
