import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract';
import type { AppEventMessage } from '../../../shared/api/events';
import type { Result } from '../../../shared/api/result';
import type { CurrentUser, User } from '../../../shared/model/account';

export interface AuthState {
  /** Accounts exist: a browser signs in. */
  accounts: boolean;
  /** Who this page calls as, or null (not signed in, or its token is stale). */
  user: CurrentUser | null;
}

export type SignInFailure = {
  message: string;
  field?: 'email' | 'password';
  /** Too many failed tries: how long to wait. */
  retryAfterSeconds?: number;
};

/** Sign-in for a page served by headless mode; the desktop window is the local owner and has none. */
export interface AuthApi {
  state(): Promise<Result<AuthState>>;
  signIn(email: string, password: string): Promise<{ ok: true; user: User } | ({ ok: false } & SignInFailure)>;
  signOut(): Promise<void>;
  /** A call was refused because the session ended (expired, signed out elsewhere, account disabled). */
  onSessionEnded(listener: () => void): () => void;
  /** Why a page that is neither signed in nor holding a valid token cannot go on: no token, or a stale one. */
  noAccessReason(): string;
}

/** How the UI reaches the core. Chosen once at start; stores and components only see this. */
export interface Bridge {
  readonly kind: 'desktop' | 'browser';
  call<K extends MethodName>(name: K, input: MethodInput<K>): Promise<Result<MethodOutput<K>>>;
  subscribe(listener: (message: AppEventMessage) => void): () => void;
  /**
   * Connection state changes (the browser bridge reconnects its event stream).
   * `locked` says why trying again cannot help (the page has no valid token):
   * the bridge has stopped retrying and the user must act.
   */
  onConnection(listener: (connected: boolean, locked: string | null) => void): () => void;
  readonly auth: AuthApi | null;
}

let current: Bridge | undefined;

export function setBridge(bridge: Bridge): void {
  current = bridge;
}

export function bridge(): Bridge {
  if (!current) throw new Error('The bridge is used before the app chose one.');
  return current;
}
