import type { Session, Shell, WebContents } from 'electron';
import { APP_ORIGIN, originOf } from './protocol';

/** Only plain web links leave the app, and only to the system browser. */
export function isSafeExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

export function isAppUrl(raw: string, devServerUrl?: string): boolean {
  const origin = originOf(raw);
  return (
    origin !== null && (origin === APP_ORIGIN || (devServerUrl !== undefined && origin === originOf(devServerUrl)))
  );
}

/** Electron security checklist items that live on a webContents: no navigation, no new windows, links go out through a check. */
export function hardenWebContents(
  contents: WebContents,
  shell: Pick<Shell, 'openExternal'>,
  devServerUrl?: string,
): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, devServerUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, devServerUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/**
 * Copy buttons write with the async Clipboard API, which asks for
 * "clipboard-sanitized-write"; that one permission is granted to the app's own
 * origin. Everything else (camera, notifications, geolocation, clipboard reads…)
 * is refused, for every origin.
 */
export function isAllowedPermission(permission: string, origin: string | null | undefined, devServerUrl?: string) {
  return permission === 'clipboard-sanitized-write' && !!origin && isAppUrl(origin, devServerUrl);
}

export function guardPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
  devServerUrl?: string,
): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) =>
    callback(isAllowedPermission(permission, details?.requestingUrl ?? contents?.getURL(), devServerUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isAllowedPermission(permission, requestingOrigin, devServerUrl),
  );
}
