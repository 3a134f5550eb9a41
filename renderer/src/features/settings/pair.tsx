import { cloneElement, type ReactElement } from 'react';

/**
 * A label and its control (and the unit after it, if any) that stay together
 * on one line when an inline settings form wraps. The control gets the id the
 * label points at.
 */
export function Pair({
  id,
  label,
  unit,
  children,
}: {
  id: string;
  label: string;
  unit?: string;
  children: ReactElement<{ id?: string }>;
}) {
  return (
    <span className="pair">
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id })}
      {unit && <span>{unit}</span>}
    </span>
  );
}
