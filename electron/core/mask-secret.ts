/** What stands in for a secret's hidden part, everywhere the core shows one. */
export const SECRET_MASK = '••••••';

/**
 * The one way the core shows a secret it keeps (a subscription's hint, an
 * inbox's verification secrets): the `whsec_` prefix and the last 4 characters
 * of a long one (a PEM key by its kind), enough to tell secrets apart, never
 * enough to use one. An
 * inbox form sends masked entries back; `mergeSecrets` matches them by this
 * same function.
 */
export function maskSecret(secret: string): string {
  // A PEM key (Kinde) ends in its footer: name it instead.
  if (secret.includes('-----BEGIN')) return `PEM key ${SECRET_MASK}`;
  const prefix = secret.startsWith('whsec_') ? 'whsec_' : '';
  return `${prefix}${SECRET_MASK}${secret.length - prefix.length >= 16 ? secret.slice(-4) : ''}`;
}
