import type { MenuCommand } from '../../../shared/api/bridge';

/** How long a command waits for the area it opened to mount its keyboard handler. */
const MOUNT_WAIT_MS = 2000;

/**
 * Presses a documented shortcut key on the page's behalf until a handler takes
 * it (handlers call preventDefault). After a navigation the area's handler
 * mounts a frame or two later, hence the retries.
 */
function pressUntilHandled(win: Window, key: string): void {
  const deadline = performance.now() + MOUNT_WAIT_MS;
  const attempt = () => {
    const event = new KeyboardEvent('keydown', { key, cancelable: true, bubbles: true });
    win.dispatchEvent(event);
    if (!event.defaultPrevented && performance.now() < deadline) win.requestAnimationFrame(attempt);
  };
  attempt();
}

/** Carries out an app menu command the way a user would: the area's address, then the documented key. */
export function runMenuCommand(command: MenuCommand, win: Window = window): void {
  switch (command.kind) {
    case 'go':
      win.location.hash = `#/${command.area}`;
      return;
    case 'new-subscription':
      win.location.hash = '#/subscriptions';
      pressUntilHandled(win, 'n');
      return;
    case 'shortcuts':
      pressUntilHandled(win, '?');
      return;
  }
}
