/**
 * What a form's last action came to, said beside it: a confirmation (read
 * out as a status) or a refusal (an alert). Inline inside a one-line form,
 * else as a paragraph under it.
 */
export function FormOutcome({
  note,
  error,
  inline = false,
}: {
  note?: string | null;
  error?: string | null;
  inline?: boolean;
}) {
  const Tag = inline ? 'span' : 'p';
  const size = inline ? ' small' : '';
  return (
    <>
      {note && (
        <Tag role="status" className={`ok-text${size}`}>
          {note}
        </Tag>
      )}
      {error && (
        <Tag role="alert" className={`error-text${size}`}>
          {error}
        </Tag>
      )}
    </>
  );
}
