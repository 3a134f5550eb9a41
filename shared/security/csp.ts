/**
 * The one Content-Security-Policy for the UI, sent as a header by headless mode
 * and by the desktop app's custom protocol. Monaco needs inline styles and
 * workers from blob:/self; nothing loads from the network.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
