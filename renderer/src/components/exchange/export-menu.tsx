import { useRef } from 'react';
import { exportFormats, type ExportFormat } from '../../stores/exchange/exchange-export';

/**
 * "Export ▾": the four formats the CLI writes, in a small disclosure so the
 * toolbar stays narrow. Each item is a button named by what it saves.
 */
export function ExportMenu({
  label,
  itemLabel,
  disabled,
  onPick,
}: {
  label: string;
  /** The accessible name of one item, e.g. "Export filtered as HAR". */
  itemLabel(format: string): string;
  disabled?: boolean;
  onPick(format: ExportFormat): void;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  return (
    <details className="menu" ref={ref}>
      <summary
        className={disabled ? 'menu-button disabled' : 'menu-button'}
        aria-disabled={disabled || undefined}
        onClick={(e) => disabled && e.preventDefault()}
      >
        {label} <span aria-hidden="true">▾</span>
      </summary>
      <div className="menu-items" role="group" aria-label={label}>
        {exportFormats.map((f) => (
          <button
            key={f.id}
            type="button"
            aria-label={itemLabel(f.label)}
            onClick={() => {
              ref.current?.removeAttribute('open');
              onPick(f.id);
            }}
          >
            {f.label}
          </button>
        ))}
      </div>
    </details>
  );
}
