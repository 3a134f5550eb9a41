/** A validation problem found in an editor's text, in the words a person reads. */
export interface EditorProblem {
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning' | 'info';
}

/**
 * Checks a JSON body the way the receiver will: JSON.parse decides. Monaco's
 * markers arrive asynchronously from a worker, so sending must not wait on
 * them; this gives the blocking answer synchronously.
 */
export function jsonSyntaxError(text: string): string | null {
  if (text.trim() === '') return 'The body is empty.';
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export function describeProblem(p: EditorProblem): string {
  // Monaco's messages end with a period; the sentences they go into add their own
  return `Line ${p.line}, column ${p.column}: ${p.message.replace(/\.+$/, '')}`;
}
