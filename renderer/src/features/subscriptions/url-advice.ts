import type { ProfileId } from '../../../../shared/model/signing';

/**
 * What the real provider would do with this URL. Hookbench itself sends
 * anywhere (that is the point of a local bench), so this is a hint shown under
 * the URL field, never a reason to refuse the form.
 */
interface ProviderRule {
  label: string;
  /** The provider's own console refuses plain http:// endpoints. */
  httpsOnly: boolean;
  /** A hosted service: it cannot reach localhost or private addresses. */
  hosted: boolean;
}

const rules: Partial<Record<ProfileId, ProviderRule>> = {
  logto: { label: 'Logto', httpsOnly: true, hosted: true },
  stripe: { label: 'Stripe', httpsOnly: true, hosted: true },
  svix: { label: 'Svix', httpsOnly: false, hosted: true },
  github: { label: 'GitHub', httpsOnly: false, hosted: true },
  frontegg: { label: 'Frontegg', httpsOnly: false, hosted: true },
};

const PRIVATE_V4 = [/^127\./, /^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^169\.254\./, /^0\./];

/** localhost, loopback, link-local and RFC 1918 / ULA addresses, and names no public DNS resolves. */
export function isPrivateHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    h.endsWith('.local') ||
    h.endsWith('.internal') ||
    (!h.includes('.') && !h.includes(':'))
  )
    return true;
  if (PRIVATE_V4.some((r) => r.test(h))) return true;
  return h === '::1' || /^f[cd][0-9a-f]{2}:/.test(h) || /^fe80:/.test(h);
}

/** A one-sentence warning, or null when the provider would accept the URL (or we cannot tell yet). */
export function urlAdvice(profile: ProfileId, url: string): string | null {
  const rule = rules[profile];
  if (!rule) return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null; // the URL field's own error says what is wrong
  }
  const problems: string[] = [];
  if (rule.httpsOnly && parsed.protocol !== 'https:') problems.push('only accepts https:// endpoints');
  if (rule.hosted && isPrivateHost(parsed.hostname)) problems.push(`cannot reach ${parsed.hostname} from its servers`);
  if (!problems.length) return null;
  return `Hookbench will send here, but the real ${rule.label} ${problems.join(' and ')}: use a public HTTPS URL (e.g. a tunnel) when you switch to it.`;
}
