/** True when a key press belongs to a text field or the code editor (typing "n" or "?" there is text, not a shortcut). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || !!target.closest('.monaco-editor')
  );
}

/** Enter on a button, link, summary or tab activates it; only elsewhere may a view give Enter a meaning. */
export function onControl(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && Boolean(target.closest('button, a, summary, [role="tab"], [role="radio"]'));
}

/** A dialog (the shortcuts list, a form) has the keys while it is open. */
export const dialogOpen = () => document.querySelector('dialog[open]') !== null;
