import { join } from 'node:path';
import { afterEach } from 'vitest';
import { startDesktop, type DesktopOptions, type DesktopProcess } from './desktop-harness';
import { tempDir } from './temp';

/**
 * Desktop processes on the electron stand-in, and the temp dirs they run in,
 * for one test file: whatever a test launched is killed after it, and what it
 * made removed. (Kept apart from desktop-harness.ts, which the bench imports
 * without vitest.)
 */
export function useDesktopWorkspaces() {
  const running: DesktopProcess[] = [];
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    running.splice(0).forEach((p) => p.kill());
    cleanups.splice(0).forEach((c) => c());
  });
  return {
    /** A fresh dir with a userData inside it, and a journal file per launch name. */
    workspace() {
      const t = tempDir('hb-desktop-');
      cleanups.push(t.cleanup);
      return { dir: t.dir, userData: join(t.dir, 'Hookbench'), journal: (n: string) => join(t.dir, `journal-${n}`) };
    },
    launch(options: DesktopOptions): DesktopProcess {
      const p = startDesktop(options);
      running.push(p);
      return p;
    },
    /** Runs after the test, with the rest. */
    onCleanup(c: () => void) {
      cleanups.push(c);
    },
  };
}
