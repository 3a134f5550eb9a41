import type { ReactNode } from 'react';

/** A secret just made (a password, an API key), shown this once with whom it is for; it cannot be read again later. */
export function ShownOnce({
  label,
  testId,
  value,
  children,
}: {
  label: string;
  testId: string;
  value: string;
  children: ReactNode;
}) {
  return (
    <div className="secret-once" role="status" aria-label={label}>
      <p>{children}</p>
      <code data-testid={testId}>{value}</code>
    </div>
  );
}
