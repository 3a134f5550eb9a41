import type { ReactNode } from 'react';

/**
 * How a dialog form ends: why it was refused (an alert), then its buttons:
 * any extra action first, Cancel, and the submit button, which reads
 * "Saving…" and stays disabled while busy.
 */
export function ModalFormFooter({
  formError,
  errorClassName = 'error-text',
  busy,
  submitLabel,
  onCancel,
  children,
}: {
  formError: string | null;
  errorClassName?: string;
  busy?: boolean;
  submitLabel: string;
  onCancel(): void;
  children?: ReactNode;
}) {
  return (
    <>
      {formError && (
        <p role="alert" className={errorClassName}>
          {formError}
        </p>
      )}
      <div className="actions modal-actions">
        {children}
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
      </div>
    </>
  );
}
