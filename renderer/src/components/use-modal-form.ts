import { useState } from 'react';

/** Said under a form the browser refused to send. */
export const fieldsNeedAttention = 'Some fields need attention (marked in red); nothing was sent.';

/**
 * A dialog form's values, the errors found in them and the one-line reason
 * it was refused. `patch` applies a change and drops the errors of the fields
 * it touched (the keys it sets, or the error paths a nested editor names):
 * an error describes the value it was found in. `judgedBy` names fields
 * checked against another (a secret is judged for its profile), whose errors
 * go when that other field changes.
 */
export function useModalForm<F extends object>(initial: () => F, judgedBy: Record<string, string> = {}) {
  const [form, setForm] = useState<F>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const patch = (p: Partial<F>, changed: string[] = Object.keys(p)) => {
    setForm((f) => ({ ...f, ...p }));
    const stale = new Set(changed);
    for (const [field, by] of Object.entries(judgedBy)) if (stale.has(by)) stale.add(field);
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !stale.has(k))));
  };
  /** Marks the fields at fault and says why nothing was saved. */
  const refuse = (fieldErrors: Record<string, string>, message: string = fieldsNeedAttention) => {
    setErrors(fieldErrors);
    setFormError(message);
  };
  return { form, patch, errors, formError, refuse };
}
