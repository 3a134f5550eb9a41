const TOKEN_KEY = 'hookbench.token';
const CSRF_KEY = 'hookbench.csrf';

type Win = Pick<Window, 'location' | 'history' | 'localStorage'>;

function stored(win: Win, key: string): string | null {
  try {
    return win.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(win: Win, key: string, value: string | null): void {
  try {
    if (value === null) win.localStorage.removeItem(key);
    else win.localStorage.setItem(key, value);
  } catch {
    // storage disabled: the value lives in memory for this page only
  }
}

/**
 * The per-run token, taken once from the URL Hookbench printed (`?token=…`)
 * into localStorage and removed from the address bar and history.
 * Storage is scoped to this origin (scheme, host and port), unlike a cookie,
 * which the browser would send to every port of 127.0.0.1; localStorage rather
 * than sessionStorage so a new tab of the UI works too until Hookbench restarts.
 */
export function takeToken(win: Win): string | null {
  const url = new URL(win.location.href);
  const given = url.searchParams.get('token');
  if (given) {
    store(win, TOKEN_KEY, given);
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
    return given;
  }
  return stored(win, TOKEN_KEY);
}

/**
 * What this page proves itself with: the local owner's token (laptop mode), or
 * a signed-in session's CSRF token — the page's half of the session, the
 * HttpOnly cookie being the other. Both live in this origin's storage, so new
 * tabs share them and no other port or site can read them.
 */
export class PageCredentials {
  private token: string | null;
  private csrf: string | null;

  constructor(
    private readonly win: Win | null,
    token: string | null,
  ) {
    this.token = token;
    this.csrf = win ? stored(win, CSRF_KEY) : null;
  }

  headers(): Record<string, string> {
    return {
      ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
      ...(this.csrf ? { 'X-Hookbench-CSRF': this.csrf } : {}),
    };
  }

  get any(): boolean {
    return this.token !== null || this.csrf !== null;
  }

  /** The page is signed in (rather than holding the local owner's token). */
  get session(): boolean {
    return this.csrf !== null;
  }

  signedIn(csrf: string): void {
    this.csrf = csrf;
    // A token from an earlier run is stale once people sign in here.
    this.token = null;
    if (this.win) {
      store(this.win, CSRF_KEY, csrf);
      store(this.win, TOKEN_KEY, null);
    }
  }

  signedOut(): void {
    this.csrf = null;
    if (this.win) store(this.win, CSRF_KEY, null);
  }
}
