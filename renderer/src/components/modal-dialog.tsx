import { useEffect, useId, useRef, type ReactNode } from 'react';
import './modal-dialog.css';

/**
 * A modal on the native <dialog>: the browser gives it role=dialog, traps
 * focus, makes the page behind inert and closes it on Esc (the `cancel`
 * event, which we route to onClose so React state stays the source of truth).
 * Used by the Subscriptions and Inbox areas.
 */
export function ModalDialog({
  title,
  onClose,
  children,
  wide,
  role = 'dialog',
}: {
  title: string;
  onClose(): void;
  children: ReactNode;
  wide?: boolean;
  role?: 'dialog' | 'alertdialog';
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const d = ref.current!;
    if (!d.open) d.showModal();
    // showModal focuses the first focusable (the close button); a dialog may name a better start
    d.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    const onCancel = (e: Event) => {
      e.preventDefault();
      close.current();
    };
    d.addEventListener('cancel', onCancel);
    return () => {
      d.removeEventListener('cancel', onCancel);
      d.close();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={wide ? 'modal modal-wide' : 'modal'}
      aria-labelledby={titleId}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
    >
      <header className="modal-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="modal-close" onClick={() => close.current()} aria-label="Close">
          ×
        </button>
      </header>
      <div className="modal-body">{children}</div>
    </dialog>
  );
}

/**
 * "Are you sure?" with the consequence spelled out. A destructive action
 * starts on Cancel; one that only sends again (`tone="primary"`) starts on the
 * action, so Enter confirms what a single key asked for.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
  busy,
  tone = 'danger',
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm(): void;
  onClose(): void;
  busy?: boolean;
  tone?: 'danger' | 'primary';
}) {
  return (
    <ModalDialog title={title} onClose={onClose} role="alertdialog">
      <div className="confirm-text">{children}</div>
      <div className="actions modal-actions">
        <button type="button" onClick={onClose} data-autofocus={tone === 'danger' || undefined}>
          Cancel
        </button>
        <button
          type="button"
          className={tone}
          onClick={onConfirm}
          disabled={busy}
          data-autofocus={tone === 'primary' || undefined}
        >
          {confirmLabel}
        </button>
      </div>
    </ModalDialog>
  );
}
