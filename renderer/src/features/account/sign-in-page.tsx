import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Field } from '../../components/field';
import { useSessionStore } from '../../stores/session-store';
import './account.css';

function wait(seconds: number): string {
  return seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}

/**
 * Sign-in for a shared Hookbench: email and password, Enter to submit, the
 * error read out and the field to fix focused; a rate limit says how long to
 * wait and counts down, keeping the button off until then.
 */
export function SignInPage() {
  const signIn = useSessionStore((s) => s.signIn);
  const notice = useSessionStore((s) => s.notice);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ message: string; field?: 'email' | 'password' } | null>(null);
  const [busy, setBusy] = useState(false);
  const [blockedFor, setBlockedFor] = useState(0);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => emailRef.current?.focus(), []);
  useEffect(() => {
    if (blockedFor <= 0) return;
    const tick = setTimeout(() => setBlockedFor((s) => s - 1), 1000);
    return () => clearTimeout(tick);
  }, [blockedFor]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!email.trim()) {
      setError({ message: 'Type the email you sign in with.', field: 'email' });
      emailRef.current?.focus();
      return;
    }
    if (!password) {
      setError({ message: 'Type your password.', field: 'password' });
      passwordRef.current?.focus();
      return;
    }
    setBusy(true);
    const result = await signIn(email, password);
    setBusy(false);
    if (result.ok) return;
    setError({ message: result.message, field: result.field });
    if (result.retryAfterSeconds) setBlockedFor(result.retryAfterSeconds);
    setPassword('');
    (result.field === 'email' ? emailRef : passwordRef).current?.focus();
  }

  return (
    <main className="sign-in" aria-labelledby="sign-in-title">
      <form className="sign-in-card" onSubmit={(e) => void submit(e)} noValidate>
        <div className="brand sign-in-brand">
          <span className="brand-mark" aria-hidden="true">
            ⟲
          </span>{' '}
          Hookbench
        </div>
        <h1 id="sign-in-title">Sign in</h1>
        {notice && !error && (
          <p className="muted sign-in-notice" role="status">
            {notice}
          </p>
        )}
        <Field label="Email" error={error?.field === 'email' ? error.message : null}>
          <input
            ref={emailRef}
            type="email"
            autoComplete="username"
            inputMode="email"
            spellCheck={false}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </Field>
        <Field label="Password" error={error?.field === 'password' ? error.message : null}>
          <input
            ref={passwordRef}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        {error && !error.field && (
          <p className="error-text sign-in-error" role="alert">
            {error.message}
          </p>
        )}
        {error?.field && (
          <p className="visually-hidden" role="alert">
            {error.message}
          </p>
        )}
        <button type="submit" className="primary sign-in-submit" disabled={busy || blockedFor > 0}>
          {busy ? 'Signing in…' : blockedFor > 0 ? `Try again in ${wait(blockedFor)}` : 'Sign in'}
        </button>
        <p className="muted small sign-in-help">
          No account, or forgot your password? Ask an admin of this Hookbench: they create accounts and reset passwords
          in Settings (or with <code>hookbench users</code>).
        </p>
      </form>
    </main>
  );
}

/** A page that holds no valid token and no session, on a Hookbench without accounts. */
export function NoAccessPage() {
  const notice = useSessionStore((s) => s.notice);
  const load = useSessionStore((s) => s.load);
  return (
    <main className="sign-in" aria-labelledby="no-access-title">
      <div className="sign-in-card">
        <div className="brand sign-in-brand">
          <span className="brand-mark" aria-hidden="true">
            ⟲
          </span>{' '}
          Hookbench
        </div>
        <h1 id="no-access-title">Open the link Hookbench printed</h1>
        <p role="alert">{notice}</p>
        <button type="button" onClick={() => void load()}>
          Try again
        </button>
      </div>
    </main>
  );
}
