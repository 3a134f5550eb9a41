import { useId, type ButtonHTMLAttributes, type ReactNode } from 'react';
import type { MethodName } from '../../../shared/api/contract';
import { useAccess } from '../stores/session-store';

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { method: MethodName; children: ReactNode };

/**
 * A button for an action the current user's role may not take is disabled,
 * with the reason as its tooltip and its accessible description (the same
 * words the core answers a 403 with, from the methodAccess table).
 */
export function GatedButton({ method, children, title, disabled, ...rest }: ButtonProps) {
  const access = useAccess(method);
  const reasonId = useId();
  if (access.ok)
    return (
      <button {...rest} title={title} disabled={disabled}>
        {children}
      </button>
    );
  return (
    <>
      <button
        {...rest}
        onClick={undefined}
        disabled
        title={access.reason}
        aria-describedby={reasonId}
        data-gated={method}
      >
        {children}
      </button>
      <span id={reasonId} className="visually-hidden">
        {access.reason}
      </span>
    </>
  );
}

/** The reason some actions here are disabled, shown once in words beside them. */
export function AccessNote({ method, what }: { method: MethodName; what: string }) {
  const access = useAccess(method);
  if (access.ok) return null;
  return (
    <p className="access-note" role="note">
      {what}: {access.reason}
    </p>
  );
}
