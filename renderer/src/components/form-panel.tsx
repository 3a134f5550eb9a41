import type { ReactNode } from 'react';

/** The form half of a view that sends something and shows the answer beside it (Send, Verify): submitting runs the action and never reloads the page. */
export function FormPanel({ label, onSubmit, children }: { label: string; onSubmit(): void; children: ReactNode }) {
  return (
    <form
      className="panel form-panel"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}
